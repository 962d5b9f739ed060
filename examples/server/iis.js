// IIS mode (IIS=1): answer like ASP.NET forms authentication. An expired or unknown session gets a
// 302 to the login page with a ReturnUrl, never a 440. The client recognises it either way:
//   redirectMeansExpired: true  -> requests that park are sent with redirect: 'manual', and the
//                                  (opaque) redirect itself means expired
//   isExpired: (res) => res.redirected && new URL(res.url).pathname === '/Account/Login'
//                               -> requests that followed the redirect (the keepalive) land on
//                                  the login page with a 200, which also means expired
export const LOGIN_PATH = '/Account/Login';

/** @type {import('express').RequestHandler} */
export function iisForms(req, res, next) {
  if (req.session.user) return next();
  res.redirect(302, `${LOGIN_PATH}?ReturnUrl=${encodeURIComponent(req.originalUrl)}`);
}
