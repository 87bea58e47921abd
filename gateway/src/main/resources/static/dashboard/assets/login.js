// Shows why the last login failed; the form itself posts without script.
document.addEventListener('DOMContentLoaded', () => {
  if (new URLSearchParams(location.search).has('failed')) {
    document.getElementById('login-failed').hidden = false;
  }
});
