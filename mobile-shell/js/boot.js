// Runs before the app module: registers the service worker (offline after the first load) and
// marks the time the page started drawing, for the cold-start benchmark.
(function () {
  'use strict';
  window.__tbBoot = { start: performance.now() };
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('sw.js').catch(function (e) {
      console.warn('service worker not registered:', e && e.message);
    });
  }
})();
