// /search/ only: asks the Pagefind index the build wrote in /pagefind/ (src/server/build/search-index.ts)
// and lists the stories that match, as the reader types or when they press Search. The query
// stays in the address (?q=), so a search can be bookmarked, shared and reloaded.
(function () {
  'use strict';

  var form = document.querySelector('[data-search-form]');
  var input = document.getElementById('search-query');
  var status = document.querySelector('[data-search-status]');
  var list = document.querySelector('[data-search-results]');
  var pagefind = null;
  var latest = 0;

  // Pagefind's excerpt marks the matched words with <mark>; the rest is the story's text. Only
  // the marks become elements, so nothing in a story can turn into markup here.
  function excerptNodes(excerpt) {
    var holder = document.createElement('p');
    excerpt.split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
      var marked = /^<mark>(.*)<\/mark>$/.exec(part);
      var text = document.createElement('textarea');
      text.innerHTML = marked === null ? part : marked[1];
      if (marked === null) {
        holder.append(text.value);
      } else {
        var mark = document.createElement('mark');
        mark.textContent = text.value;
        holder.append(mark);
      }
    });
    return holder;
  }

  function show(results, query) {
    list.replaceChildren.apply(
      list,
      results.map(function (result) {
        var item = document.createElement('li');
        var heading = document.createElement('h2');
        var link = document.createElement('a');
        link.href = result.url;
        link.textContent = result.meta.title;
        heading.append(link);
        item.append(heading, excerptNodes(result.excerpt));
        return item;
      }),
    );
    status.textContent =
      results.length === 0
        ? 'No story matches “' + query + '”.'
        : results.length + (results.length === 1 ? ' story matches' : ' stories match') + ' “' + query + '”.';
  }

  function search(query) {
    var asked = ++latest;
    var url = new URL(location.href);
    if (query === '') url.searchParams.delete('q');
    else url.searchParams.set('q', query);
    history.replaceState(null, '', url);
    if (query === '') {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    loadIndex()
      .then(function (index) {
        return index.search(query);
      })
      .then(function (found) {
        return Promise.all(
          found.results.slice(0, 20).map(function (result) {
            return result.data();
          }),
        );
      })
      .then(function (results) {
        if (asked === latest) show(results, query);
      })
      .catch(function () {
        if (asked === latest) status.textContent = 'Search is not available right now. Please try again later.';
      });
  }

  function loadIndex() {
    pagefind = pagefind || import('/pagefind/pagefind.js');
    return pagefind;
  }

  document.querySelector('[data-search-fallback]').hidden = true;
  form.hidden = false;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    search(input.value.trim());
  });
  input.addEventListener('input', function () {
    search(input.value.trim());
  });
  var asked = new URLSearchParams(location.search).get('q');
  if (asked !== null) {
    input.value = asked;
    search(asked.trim());
  }
})();
