// MyVivium eID login links (served by the backend as /eid-login.js; how to use it: server/README.md).
// A link with `data-myvivium-eid` opens the eID Companion through its myvivium-eid: address. Browsers
// say nothing when no app handles that address, so: when the page is still visible and focused a few
// seconds after the click, the app did not come forward, and the element with
// `data-myvivium-eid-fallback` is shown (how to get the app, and itsme) with the focus on its heading.
(function () {
  'use strict';
  var DEFAULT_DELAY_MS = 3000;

  function showFallback(fallback) {
    fallback.hidden = false;
    var heading = fallback.querySelector('h1, h2, h3');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }

  function watch(link) {
    link.addEventListener('click', function () {
      var fallback = document.querySelector('[data-myvivium-eid-fallback]');
      if (!fallback) return;
      var delay = Number(link.getAttribute('data-fallback-after-ms')) || DEFAULT_DELAY_MS;
      var left = false;
      var leave = function () { left = true; };
      var hidden = function () { if (document.visibilityState !== 'visible') left = true; };
      window.addEventListener('blur', leave);
      window.addEventListener('pagehide', leave);
      document.addEventListener('visibilitychange', hidden);
      window.setTimeout(function () {
        window.removeEventListener('blur', leave);
        window.removeEventListener('pagehide', leave);
        document.removeEventListener('visibilitychange', hidden);
        if (!left && document.visibilityState === 'visible' && document.hasFocus()) showFallback(fallback);
      }, delay);
    });
  }

  var links = document.querySelectorAll('a[data-myvivium-eid]');
  for (var i = 0; i < links.length; i++) watch(links[i]);
})();
