// Applies the persisted theme and language before React mounts, so the page never flashes light or LTR.
// A separate file rather than an inline script: the backend's Content-Security-Policy allows only 'self' scripts.
(function () {
  try {
    var ui = JSON.parse(localStorage.getItem('stratum.ui') || '{}').state || {};
    var root = document.documentElement;
    if (ui.theme === 'dark') root.classList.add('dark');
    if (ui.language === 'ar') {
      root.lang = 'ar';
      root.dir = 'rtl';
    }
  } catch (e) {
    // Unreadable storage: keep the defaults.
  }
})();
