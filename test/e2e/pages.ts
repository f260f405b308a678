/** A page for `serveShop({ pages })`: the shop's origin, a head of our choosing, the shop's CSP by default. */
export function page(head: string, body = '<main><h1>ArtGrad</h1><p><a href="#x">link</a></p></main>', csp?: string) {
  return {
    html: `<!doctype html><html lang="kk"><head><meta charset="utf-8"><title>ArtGrad</title>${head}</head><body>${body}</body></html>`,
    ...(csp ? { csp } : {}),
  };
}
