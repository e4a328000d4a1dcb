// Progressive enhancement: every page reads, and every comment form works, without this script.
// It dates the masthead, shows who is signed in, loads the story's comment section from the
// server, and runs the section's forms through the JSON API (src/pages/api/comments/) so the
// reader stays where they are, with the outcome beside the form.
(function () {
  'use strict';

  // Names in plain arrays: Intl.DateTimeFormat's first use loads the locale's data, about 40 ms of
  // a throttled phone's main thread, the one long task Lighthouse found on a story page.
  var WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  var MONTHS = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];

  // The build cannot know the reader's today (Masthead.astro leaves the date empty).
  function showToday() {
    var time = document.querySelector('.masthead-date time');
    if (time === null) return;
    var now = new Date();
    var weekday = document.createElement('span');
    weekday.className = 'masthead-weekday';
    weekday.textContent = WEEKDAYS[now.getDay()] + ' ';
    time.replaceChildren(weekday, now.getDate() + ' ' + MONTHS[now.getMonth()] + ' ' + now.getFullYear());
    time.dateTime = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
      .map(function (number) {
        return String(number).padStart(2, '0');
      })
      .join('-');
    var midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
    setTimeout(showToday, midnight - now + 1000);
  }

  // 12,345 as en-GB writes it, without Intl (above).
  function thousands(count) {
    return String(count).replace(/\B(?=(\d{3})+$)/g, ',');
  }

  // Every "Comments" link beside a headline becomes "N comments", from one request per 50 stories.
  function showCommentCounts() {
    var links = document.querySelectorAll('[data-comment-count]');
    var stories = [];
    links.forEach(function (link) {
      var story = link.getAttribute('data-comment-count');
      if (stories.indexOf(story) === -1) stories.push(story);
    });
    for (var start = 0; start < stories.length; start += 50) {
      getJson('/api/comment-counts?stories=' + stories.slice(start, start + 50).join(','))
        .then(function (data) {
          links.forEach(function (link) {
            var count = data.counts[link.getAttribute('data-comment-count')];
            if (count !== undefined) link.textContent = count === 1 ? '1 comment' : thousands(count) + ' comments';
          });
        })
        .catch(function () {});
    }
  }

  // The server renders the nav (src/server/views/account-nav.ts), as it does for its own pages.
  function showAccountNav(markup) {
    var nav = document.querySelector('[data-account-nav]');
    if (nav !== null) nav.innerHTML = markup;
  }

  function focusOn(target) {
    if (target === null) return;
    if (!target.matches('a, button, input, select, textarea')) target.setAttribute('tabindex', '-1');
    target.scrollIntoView({ block: 'nearest' });
    target.focus({ preventScroll: true });
  }

  // A link to a comment shows it; the sign-in links of the section lead back to the comment form.
  function revealAnchor() {
    if (location.hash === '#comment-form') {
      var form = document.getElementById('comment-form');
      if (form === null) return;
      form.scrollIntoView();
      form.querySelector('textarea').focus({ preventScroll: true });
    } else if (/^#comment-\d+$/.test(location.hash)) {
      focusOn(document.getElementById(location.hash.slice(1)));
    }
  }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(
      function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      },
    );
  }

  showToday();
  showCommentCounts();
  var section = document.querySelector('[data-comment-section]');
  if (section === null) {
    // The comments page posts its forms itself; its panels still open in place.
    var thread = document.querySelector('.comment-section');
    if (thread !== null) thread.addEventListener('click', onClick);
    revealAnchor();
    getJson('/api/session?return_to=' + encodeURIComponent(location.pathname + location.search))
      .then(function (data) {
        showAccountNav(data.accountNav);
      })
      .catch(function () {});
    return;
  }
  var story = section.getAttribute('data-story');

  // The reader's order of comments, remembered as the comments page remembers it (sort-cookie.ts).
  function chosenSort() {
    var match = /(?:^|;\s*)comment_sort=(oldest|newest|best)(?:;|$)/.exec(document.cookie);
    return match === null ? '' : match[1];
  }

  function rememberSort(sort) {
    var secure = location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = 'comment_sort=' + sort + '; Path=/; Max-Age=31536000; SameSite=Lax' + secure;
  }

  function sectionUrl(query) {
    var sort = chosenSort();
    return '/api/comment-section?story=' + encodeURIComponent(story) + (sort === '' ? '' : '&sort=' + sort) + query;
  }

  // A like's toggle button shows its state and asks for the other one when pressed.
  function pressLike(button, liked) {
    button.setAttribute('aria-pressed', String(liked));
    button.value = String(!liked);
  }

  // A signed-in reader's answer is the section every reader of their standing shares, and their
  // own part (src/server/views/thread-html.ts readerPart): the controls of their own comments,
  // and the comments they like.
  function applyReader(holder, reader) {
    if (!reader) return;
    Object.keys(reader.own).forEach(function (id) {
      var comment = holder.querySelector('#comment-' + id);
      if (comment === null) return;
      var actions = comment.querySelector(':scope > .comment-actions');
      if (actions !== null) actions.remove();
      comment.querySelector(':scope > .comment-body').insertAdjacentHTML('afterend', reader.own[id]);
    });
    reader.liked.forEach(function (id) {
      var button = holder.querySelector('#comment-' + id + ' > .comment-actions .like-button');
      if (button !== null) pressLike(button, true);
    });
  }

  function loadSection() {
    return getJson(sectionUrl('')).then(function (data) {
      // The server escapes everything a reader wrote; this HTML is ours.
      section.innerHTML = data.html;
      applyReader(section, data.reader);
      showAccountNav(data.accountNav);
    });
  }

  // Further pages and hidden replies come from the same endpoint, in place of the link that asked.
  function showMore(link) {
    var holder = link.parentElement;
    var next = link.getAttribute('data-next-page');
    var expand = link.getAttribute('data-expand');
    var query = next !== null ? '&part=threads&page=' + next : '&part=threads&expand=' + expand + '&' + pageOf(link);
    link.setAttribute('aria-disabled', 'true');
    return getJson(sectionUrl(query)).then(function (data) {
      var made = document.createElement('div');
      made.innerHTML = data.html;
      applyReader(made, data.reader);
      var first;
      if (next !== null) {
        first = made.querySelector('article.comment');
        holder.replaceWith.apply(holder, Array.prototype.slice.call(made.childNodes));
      } else {
        var fresh = made.querySelector('#comment-' + expand + ' > .replies');
        var replies = holder.parentElement;
        first = fresh.children[replies.querySelectorAll(':scope > article.comment').length];
        replies.replaceWith(fresh);
      }
      focusOn(first || null);
    });
  }

  // The page a link's own thread came on, for its "Show N more replies".
  function pageOf(link) {
    return /page=\d+/.exec(link.getAttribute('href'))[0];
  }

  // A link to a comment on a later page goes to its permalink, which finds the page.
  function revealLaterComment() {
    if (/^#comment-\d+$/.test(location.hash) && document.getElementById(location.hash.slice(1)) === null) {
      location.replace('/comments/' + location.hash.slice('#comment-'.length) + '/');
    }
  }

  function onSort(event) {
    var form = event.target instanceof Element ? event.target.closest('.comment-sort') : null;
    if (form === null) return false;
    event.preventDefault();
    rememberSort(new FormData(form).get('sort'));
    loadSection().then(function () {
      focusOn(document.getElementById('comment-sort'));
    });
    return true;
  }

  // Under each comment, the row's links open panels (src/server/views/thread-html.ts):
  // Edit and Delete's are on the page, Reply and Report's come from the section's templates.
  function kindOf(link) {
    if (link.hasAttribute('data-reply')) return 'reply';
    if (link.hasAttribute('data-report')) return 'report';
    return link.hasAttribute('data-panel') ? link.hash.split('-').pop() : null;
  }

  function rowLink(comment, kind) {
    var links = comment.querySelectorAll(':scope > .comment-actions a');
    for (var i = 0; i < links.length; i++) if (kindOf(links[i]) === kind) return links[i];
    return null;
  }

  function fromTemplate(kind, id) {
    var holder = document.createElement('div');
    holder.innerHTML = document
      .getElementById(kind + '-template')
      .innerHTML.split('__ID__')
      .join(id);
    var panel = holder.firstElementChild;
    panel.setAttribute('data-made', '');
    return panel;
  }

  function openPanel(comment, kind) {
    comment.querySelectorAll(':scope > .comment-panel.is-open').forEach(function (panel) {
      closePanel(panel, false);
    });
    var panel = document.getElementById(comment.id + '-' + kind);
    if (panel === null) {
      panel = fromTemplate(kind, comment.id.slice('comment-'.length));
      comment.querySelector(':scope > .comment-actions').after(panel);
    }
    panel.classList.add('is-open');
    rowLink(comment, kind).setAttribute('aria-expanded', 'true');
    focusOn(panel.querySelector('textarea, select, button'));
  }

  function closePanel(panel, returnFocus) {
    var comment = panel.parentElement;
    var link = rowLink(comment, panel.id.split('-').pop());
    if (panel.hasAttribute('data-made')) {
      panel.remove();
    } else {
      panel.classList.remove('is-open');
      panel.querySelector('form').reset();
      clearError(panel.querySelector('form'));
    }
    link.setAttribute('aria-expanded', 'false');
    if (returnFocus) link.focus();
  }

  function onClick(event) {
    var link = event.target instanceof Element ? event.target.closest('a') : null;
    if (link !== null && (link.hasAttribute('data-next-page') || link.hasAttribute('data-expand'))) {
      // The comments page follows them as links.
      if (section === null) return;
      event.preventDefault();
      if (!link.hasAttribute('aria-disabled')) {
        showMore(link).catch(function () {
          link.removeAttribute('aria-disabled');
        });
      }
      return;
    }
    var comment = link === null ? null : link.closest('article.comment');
    if (comment === null) return;
    if (link.hasAttribute('data-cancel')) {
      event.preventDefault();
      closePanel(link.closest('.comment-panel'), true);
      return;
    }
    var kind = kindOf(link);
    if (kind === null) return;
    event.preventDefault();
    var panel = document.getElementById(comment.id + '-' + kind);
    if (panel !== null && panel.classList.contains('is-open')) closePanel(panel, true);
    else openPanel(comment, kind);
  }

  // What each form's intent asks of the JSON API: method, address, body.
  var requests = {
    post: function (data) {
      var notifyReplies = data.get('notify_replies') === 'on';
      return ['POST', '/api/comments', { story: story, body: data.get('body'), notifyReplies: notifyReplies }];
    },
    reply: function (data) {
      return ['POST', '/api/comments', { story: story, body: data.get('body'), parentId: +data.get('parent_id') }];
    },
    edit: function (data) {
      return ['PATCH', '/api/comments/' + data.get('comment_id'), { body: data.get('body') }];
    },
    delete: function (data) {
      return ['DELETE', '/api/comments/' + data.get('comment_id'), null];
    },
    like: function (data) {
      var liked = data.get('liked') === 'true';
      return ['POST', '/api/comments/' + data.get('comment_id') + '/like', { liked: liked }];
    },
    report: function (data) {
      var body = { reason: data.get('reason'), note: data.get('note') };
      return ['POST', '/api/comments/' + data.get('comment_id') + '/report', body];
    },
  };

  function send(request) {
    return fetch(request[1], {
      method: request[0],
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: request[2] === null ? undefined : JSON.stringify(request[2]),
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (answer) {
          return { ok: response.ok, answer: answer };
        });
    });
  }

  function clearError(form) {
    var error = form.querySelector('.form-error');
    if (error !== null) error.remove();
    var field = form.querySelector('textarea');
    if (field !== null) {
      field.removeAttribute('aria-invalid');
      field.removeAttribute('aria-describedby');
    }
  }

  // As the comments page shows a refused draft: the message above its field, which keeps the text.
  function showError(form, message) {
    clearError(form);
    var field = form.querySelector('textarea');
    var error = document.createElement('p');
    error.className = 'form-error';
    error.setAttribute('role', 'alert');
    error.textContent = message;
    if (field === null) {
      // A like's form is a button only: its message follows it.
      var buttons = form.querySelector('.form-buttons');
      if (buttons === null) form.append(error);
      else buttons.before(error);
      return;
    }
    error.id = field.id + '-error';
    field.before(error);
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', error.id);
  }

  // Where a comment is now, to find its place again after the section is refreshed.
  function placeOf(comment) {
    var previous = comment.previousElementSibling;
    var parent = comment.parentElement.closest('article.comment');
    return { after: previous === null ? '' : previous.id, parent: parent === null ? '' : parent.id };
  }

  // The outcome goes where the comment is, or was, for one deleted without replies.
  function showOutcome(id, notice, place) {
    var comment = document.getElementById('comment-' + id);
    var status = null;
    if (notice !== '') {
      status = document.createElement('p');
      status.className = 'notice';
      status.setAttribute('role', 'status');
      var after = place.after === '' ? null : document.getElementById(place.after);
      var parent = place.parent === '' ? null : document.getElementById(place.parent);
      if (comment !== null) comment.insertBefore(status, comment.querySelector(':scope > .replies'));
      else if (after !== null) after.after(status);
      else if (parent === null) section.querySelector('.comment-count').after(status);
      else if (parent.querySelector(':scope > .replies') === null) parent.append(status);
      else parent.querySelector(':scope > .replies').prepend(status);
      // A live region announces a change to its text, not its own arrival.
      setTimeout(function () {
        status.textContent = notice;
      }, 50);
    }
    focusOn(comment !== null ? comment : status);
  }

  // A like changes its own button and count; the rest of the section stays as it is.
  function showLike(form, like) {
    clearError(form);
    pressLike(form.querySelector('button'), like.liked);
    form.querySelector('.like-count').textContent = like.count === 1 ? '1 like' : like.count + ' likes';
  }

  function onSubmit(event) {
    if (onSort(event)) return;
    var form = event.target;
    // The submitter carries its own value (Like says which state it asks for).
    var data = new FormData(form, event.submitter || null);
    var intent = data.get('intent');
    if (!Object.prototype.hasOwnProperty.call(requests, intent)) return;
    event.preventDefault();
    if (form.hasAttribute('aria-busy')) return;
    form.setAttribute('aria-busy', 'true');
    var article = form.closest('article.comment');
    var place = article === null ? { after: '', parent: '' } : placeOf(article);
    send(requests[intent](data))
      .then(function (result) {
        form.removeAttribute('aria-busy');
        if (!result.ok) {
          showError(form, result.answer.message || 'That did not work. Please try again.');
          return;
        }
        if (intent === 'like') {
          showLike(form, result.answer.like);
          return;
        }
        var comment = result.answer.comment;
        var id = comment ? comment.id : data.get('comment_id');
        var notice = comment ? comment.notice || '' : 'Your comment has been deleted.';
        var show = function () {
          // A new or edited comment on a later page is shown where its permalink finds it; a
          // reported one may be gone because the report hid it, so the reader stays.
          var elsewhere = intent !== 'report' && comment && document.getElementById('comment-' + id) === null;
          if (elsewhere) location.assign('/comments/' + id + '/');
          else showOutcome(id, notice, place);
        };
        return loadSection().then(show, show);
      })
      .catch(function () {
        form.removeAttribute('aria-busy');
        showError(form, 'This could not be sent. Check your connection and try again.');
      });
  }

  loadSection()
    .then(function () {
      section.addEventListener('click', onClick);
      section.addEventListener('submit', onSubmit);
      revealLaterComment();
      revealAnchor();
    })
    .catch(function () {
      // The link to the comments page stays, so nothing is lost.
    });
})();
