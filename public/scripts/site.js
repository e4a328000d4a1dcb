// Progressive enhancement for prerendered pages: every page reads fully without this script.
// It loads the story's comment section from the server and shows who is signed in.
(function () {
  'use strict';

  // The server renders the nav (src/server/views/account-nav.ts), as it does for its own pages.
  function showAccountNav(markup) {
    var nav = document.querySelector('[data-account-nav]');
    if (nav !== null) nav.innerHTML = markup;
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
    getJson('/api/session?return_to=' + encodeURIComponent(location.pathname + location.search))
      .then(function (data) {
        showAccountNav(data.accountNav);
      })
      .catch(function () {});
    return;
  }
  getJson('/api/comment-section?story=' + encodeURIComponent(section.getAttribute('data-story')))
    .then(function (data) {
      // The server escapes everything a reader wrote; this HTML is ours.
      section.innerHTML = data.html;
      section.addEventListener('click', openReplyForm);
      showAccountNav(data.accountNav);
      revealAnchor();
    })
    .catch(function () {
      // The link to the comments page stays, so nothing is lost.
    });
})();
