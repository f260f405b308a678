// Stands in for a marketing tag: it may run only with consent to dissemination (policy 23.6).
window.artgradMarketingRuns = (window.artgradMarketingRuns ?? 0) + 1;
document.getElementById('marketing').textContent = 'Маркетинг скрипті іске қосылды (тарату келісімі бар).';
