// Progressive enhancement for prerendered pages: every page reads fully without this script.
// It loads the story's comment section from the server and shows who is signed in.
(function () {
  'use strict';

  function showViewer(viewer) {
    var nav = document.querySelector('[data-account-nav]');
    if (nav === null || viewer === null) return;
    var account = document.createElement('a');
    account.href = '/account/';
    account.textContent = viewer.username;
    var form = document.createElement('form');
    form.method = 'post';
    form.action = '/logout/';
    var returnTo = document.createElement('input');
    returnTo.type = 'hidden';
    returnTo.name = 'return_to';
    returnTo.value = location.pathname;
    var button = document.createElement('button');
    button.type = 'submit';
    button.className = 'link-button';
    button.textContent = 'Sign out';
    form.append(returnTo, button);
    nav.replaceChildren(account, form);
  }

  function revealAnchor() {
    if (!/^#comment-\d+$/.test(location.hash)) return;
    var target = document.getElementById(location.hash.slice(1));
    if (target === null) return;
    target.setAttribute('tabindex', '-1');
    target.scrollIntoView();
    target.focus({ preventScroll: true });
  }

  // Opens a reply form under its comment, built from the section's template, instead of
  // following the link to the comments page.
  function openReplyForm(event) {
    var link = event.target instanceof Element ? event.target.closest('a[data-reply]') : null;
    var template = document.getElementById('reply-template');
    if (link === null || template === null) return;
    event.preventDefault();
    var id = link.getAttribute('data-reply');
    var existing = document.getElementById('reply-' + id);
    if (existing !== null) {
      existing.focus();
      return;
    }
    var form = template.content.firstElementChild.cloneNode(true);
    form.querySelector('input[name="parent_id"]').value = id;
    form.querySelector('label').htmlFor = 'reply-' + id;
    form.querySelector('textarea').id = 'reply-' + id;
    link.replaceWith(form);
    form.querySelector('textarea').focus();
  }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(
      function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      },
    );
  }

  var section = document.querySelector('[data-comment-section]');
  if (section === null) {
    getJson('/api/session')
      .then(function (data) {
        showViewer(data.viewer);
      })
      .catch(function () {});
    return;
  }
  getJson('/api/comment-section?story=' + encodeURIComponent(section.getAttribute('data-story')))
    .then(function (data) {
      // The server escapes everything a reader wrote; this HTML is ours.
      section.innerHTML = data.html;
      section.addEventListener('click', openReplyForm);
      showViewer(data.viewer);
      revealAnchor();
    })
    .catch(function () {
      // The link to the comments page stays, so nothing is lost.
    });
})();
