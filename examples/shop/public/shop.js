// The shop's own script: reads consent through the public API, never grants it.
const cart = [];
for (const button of document.querySelectorAll('.add')) {
  button.addEventListener('click', () => {
    cart.push(button.dataset.product);
    document.getElementById('cart').textContent = `Себетте: ${cart.join(', ')}`;
  });
}
document.getElementById('privacy').addEventListener('click', () => window.artgradConsent?.open());

function showDissemination(api) {
  document.getElementById('dissemination-status').textContent = api.get('dissemination')
    ? 'Жалпыға қолжетімді көздерде тарату: келісім берілген.'
    : 'Жалпыға қолжетімді көздерде тарату: келісім жоқ.';
}
function withApi(fn) {
  if (window.artgradConsent) fn(window.artgradConsent);
  else document.addEventListener('artgrad-consent:ready', (e) => fn(e.detail), { once: true });
}
withApi((api) => {
  api.ready().then(() => showDissemination(api));
  api.on('change', () => showDissemination(api));
});

document.getElementById('order').addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(event.currentTarget);
  const response = await fetch('/order', { method: 'POST', body: new URLSearchParams(data) });
  const result = await response.json();
  document.getElementById('order-result').textContent = result.ok
    ? `Тапсырыс қабылданды. Келісім: ${result.consent}`
    : `Қате: ${result.error}`;
});
