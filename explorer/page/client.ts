/**
 * The explorer page's script (plain ES2020, no modules, no libraries), inlined into the page. It
 * holds no model logic: every action is a request to the JSON API, and every answer is the whole
 * view, which `render` draws (the server is the one source of truth, so undo never disagrees with
 * the table). One request at a time: while one is in flight, clicks and keys are ignored and
 * `body[data-busy]` is set; `body[data-cursor]` is the cursor after the last answer (tests wait on it).
 *
 * Keys (ignored while typing in a field): 1–9 fire the n-th enabled step, `n` the first; `u` or
 * Ctrl+Z undo; `r`, Ctrl+Y or Ctrl+Shift+Z redo; `f` find a bug from here.
 */

/** The page script. */
export const EXPLORER_JS = String.raw`
(function () {
  'use strict';
  var state = null;
  var busy = false;
  var configKey = '';
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'className') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function setBusy(b) {
    busy = b;
    if (b) document.body.setAttribute('data-busy', 'true'); else document.body.removeAttribute('data-busy');
  }
  function showError(message) { $('error').textContent = message || ''; }

  function request(method, path, body) {
    return fetch(path, {
      method: method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.text().then(function (t) {
        var data = null;
        try { data = JSON.parse(t); } catch (e) { data = { error: t }; }
        if (!r.ok) throw new Error((data && data.error) || ('HTTP ' + r.status));
        return data;
      });
    });
  }
  function act(path, body, after) {
    if (busy) return Promise.resolve();
    setBusy(true);
    showError('');
    return request('POST', path, body || {}).then(function (s) {
      render(s);
      if (after) after(s);
    }).catch(function (e) { showError(e.message); }).then(function () { setBusy(false); });
  }

  // ---- configuration form ----
  function fillVariants(modelName, selected) {
    var fam = state.families.filter(function (f) { return f.name === modelName; })[0];
    var sel = $('variant');
    sel.replaceChildren();
    if (!fam) return;
    fam.variants.forEach(function (v) {
      var o = el('option', { value: v.name, text: v.name + (v.planted ? '  (planted bug)' : '') });
      if (v.name === (selected || fam.defaultVariant)) o.selected = true;
      sel.appendChild(o);
    });
    variantTitle();
  }
  function variantTitle() {
    var fam = state.families.filter(function (f) { return f.name === $('model').value; })[0];
    var v = fam && fam.variants.filter(function (x) { return x.name === $('variant').value; })[0];
    $('variant-title').textContent = v ? (v.title + (v.planted ? ' — planted bug: ' + v.planted : '')) : '';
  }
  function syncForm(s) {
    var key = JSON.stringify(s.config);
    if (key === configKey) return;
    configKey = key;
    var m = $('model');
    if (m.options.length === 0) s.families.forEach(function (f) { m.appendChild(el('option', { value: f.name, text: f.name })); });
    m.value = s.config.model;
    fillVariants(s.config.model, s.config.variant);
    $('actors').value = s.config.actors;
    $('ops').value = s.config.ops;
    $('lost').value = s.config.maxLostReplies;
    $('crashes').value = s.config.maxCrashes;
  }

  // ---- rendering ----
  function renderActions(s) {
    var box = $('actions');
    box.replaceChildren();
    if (s.actions.length === 0) {
      box.appendChild(el('p', { className: 'none', text: s.length > s.cursor ? 'no step enabled here; redo goes on' : 'no step enabled: every actor is done' }));
      return;
    }
    var groups = {};
    var order = [];
    s.actions.forEach(function (a) {
      if (!groups[a.actor]) { groups[a.actor] = []; order.push(a.actor); }
      groups[a.actor].push(a);
    });
    order.forEach(function (actor) {
      var g = el('div', { className: 'actor' }, [el('h3', { text: 'actor ' + actor })]);
      groups[actor].forEach(function (a) {
        var n = a.index + 1;
        var attrs = { type: 'button', className: 'action' + (a.fault ? ' fault' : ''), 'data-index': String(a.index), 'data-label': a.label, title: 'fire ' + a.label + (a.fault ? ' (' + a.fault + ')' : '') };
        if (a.fault) attrs['data-fault'] = a.fault;
        var b = el('button', attrs, [
          n <= 9 ? el('kbd', { text: String(n) }) : null,
          el('span', { className: 'label', text: a.label }),
          a.fault ? el('span', { className: 'tag', text: a.fault === 'lost-reply' ? 'lost reply' : a.fault }) : null
        ]);
        b.addEventListener('click', function () { act('/api/step', { index: a.index }); });
        g.appendChild(b);
      });
      box.appendChild(g);
    });
  }

  function renderProperties(s) {
    var ul = $('properties');
    ul.replaceChildren();
    s.properties.forEach(function (p) {
      var bad = p.status === 'violated';
      var li = el('li', { className: 'prop ' + p.status + (p.advisory ? ' advisory' : ''), 'data-property': p.id, 'data-status': p.status }, [
        el('span', { className: 'badge', text: bad ? (p.advisory ? '⚠ advisory' : '✗ violated') : '✓ ok' }),
        el('strong', { text: p.id }), ' ',
        el('span', { className: 'title', text: p.title }),
        p.advisory ? el('span', { className: 'adv', text: 'advisory', title: 'reported, but fails a check only with --strict' }) : null
      ]);
      if (bad) li.appendChild(el('div', { className: 'witness', text: (p.step === 0 ? 'in the initial state' : 'at step ' + p.step) + (p.now || p.step === s.cursor ? '' : ' (earlier)') + ': ' + p.message }));
      ul.appendChild(li);
    });
  }

  function renderRows(s) {
    var body = $('rows').tBodies[0];
    body.replaceChildren();
    var first = el('tr', { 'data-step': '0', className: 'done' + (s.cursor === 0 ? ' current' : '') }, [el('td', { text: '0' }), el('td', { className: 'row-text', text: '(initial state)' }), el('td')]);
    body.appendChild(first);
    s.rows.forEach(function (r) {
      var cls = (r.done ? 'done' : 'undone') + (r.step === s.cursor ? ' current' : '') + (r.violating ? ' violating' : '') + (r.done && !r.violating && r.findings.length > 0 ? ' advisory' : '');
      var marks = r.findings.map(function (f) { return (f.advisory ? '⚠ ' : '✗ ') + f.property; }).join(' ');
      var tr = el('tr', { 'data-step': String(r.step), className: cls, title: r.findings.map(function (f) { return f.property + ': ' + f.message; }).join('\n') }, [
        el('td', { text: String(r.step) }),
        el('td', { className: 'row-text', text: r.text }, [r.written ? el('div', { className: 'written', text: 'written: ' + r.written }) : null]),
        el('td', { className: 'marks', text: marks })
      ]);
      body.appendChild(tr);
    });
    body.querySelectorAll('tr').forEach(function (tr) {
      tr.addEventListener('click', function () {
        var k = Number(tr.getAttribute('data-step'));
        if (k !== state.cursor) act('/api/goto', { step: k });
      });
    });
    var cur = body.querySelector('tr.current');
    if (cur && cur.scrollIntoView) cur.scrollIntoView({ block: 'nearest' });
  }

  function renderPicture(s) {
    var g = $('graph');
    var p = s.picture;
    g.replaceChildren();
    $('ascii-box').hidden = p.kind !== 'forest';
    $('sequence-box').hidden = p.kind !== 'forest';
    if (p.kind === 'forest') {
      $('ascii').textContent = p.ascii;
      if (s.svg) {
        g.innerHTML = s.svg;
        var svg = g.querySelector('svg');
        if (svg) ['width', 'height'].forEach(function (k) {
          var n = parseFloat(svg.getAttribute(k) || '');
          if (n > 0) svg.setAttribute(k, (n * 1.5) + 'pt');
        });
        var wanted = {};
        p.witness.forEach(function (id) { wanted[id] = true; });
        g.querySelectorAll('g.node').forEach(function (n) {
          var t = n.querySelector('title');
          if (t && wanted[t.textContent]) n.classList.add('witness');
        });
      } else {
        g.appendChild(el('p', { className: 'none', text: s.svgError || 'no SVG; the ASCII forest:' }));
        g.appendChild(el('pre', { text: p.ascii }));
      }
      if (p.sequence) $('sequence').innerHTML = p.sequence;
      else $('sequence').replaceChildren(el('p', { className: 'none', text: 'no steps taken yet' }));
    } else {
      g.appendChild(el('p', { className: 'none', text: 'no forest picture for model ' + s.model + '; its state:' }));
      g.appendChild(el('pre', { text: p.text }));
    }
    $('picture-title').textContent = p.kind === 'forest' ? 'Log forest' : 'State';
    var v = s.violation;
    $('graph-panel').classList.toggle('violated', !!v);
    $('violation-banner').textContent = v ? (v.property + ' violated at step ' + v.step + ': ' + v.message) : '';
  }

  function render(s) {
    state = s;
    syncForm(s);
    document.body.setAttribute('data-cursor', String(s.cursor));
    document.body.setAttribute('data-length', String(s.length));
    $('step-counter').textContent = 'step ' + s.cursor + ' / ' + s.length;
    $('config-line').textContent = s.model + (s.variant ? ' / ' + s.variant : '') + ' · ' + Object.keys(s.modelConfig).filter(function (k) { return k !== 'variant'; }).map(function (k) { return k + '=' + s.modelConfig[k]; }).join(' ') + (s.source ? ' · from ' + s.source : '');
    $('notice').textContent = s.notice || '';
    $('undo').disabled = !s.canUndo;
    $('redo').disabled = !s.canRedo;
    $('save-dir').textContent = s.saveDir;
    if (!$('save-name').value || $('save-name').getAttribute('data-auto') === 'true') {
      $('save-name').value = s.fileName.replace(/\.scenario$/, '');
      $('save-name').setAttribute('data-auto', 'true');
    }
    renderActions(s);
    renderProperties(s);
    renderRows(s);
    renderPicture(s);
    if (s.find) {
      $('find-result').className = s.find.outcome;
      $('find-result').textContent = s.find.summary;
    }
    if (s.saved) $('saved').textContent = 'saved ' + s.saved;
  }

  // ---- controls ----
  $('model').addEventListener('change', function () { fillVariants($('model').value); });
  $('variant').addEventListener('change', variantTitle);
  $('config').addEventListener('submit', function (e) {
    e.preventDefault();
    act('/api/reset', {
      model: $('model').value, variant: $('variant').value,
      actors: Number($('actors').value), ops: Number($('ops').value),
      maxLostReplies: Number($('lost').value), maxCrashes: Number($('crashes').value)
    }, function () { $('find-result').className = ''; $('find-result').textContent = ''; });
  });
  function undo() { if (state && state.canUndo) act('/api/undo'); }
  function redo() { if (state && state.canRedo) act('/api/redo'); }
  $('undo').addEventListener('click', undo);
  $('redo').addEventListener('click', redo);
  function find() {
    if (busy) return;
    var secs = Number($('find-seconds').value) || 10;
    $('find-result').className = 'busy';
    $('find-result').textContent = 'searching from step ' + state.cursor + ' for up to ' + secs + ' s (breadth-first, then random)…';
    act('/api/find', { seconds: secs, strict: $('find-strict').checked }).then(function () {
      if ($('find-result').className === 'busy') { $('find-result').className = ''; $('find-result').textContent = ''; }
    });
  }
  $('find-form').addEventListener('submit', function (e) { e.preventDefault(); find(); });
  $('download').addEventListener('click', function () {
    fetch('/api/scenario').then(function (r) { return r.text(); }).then(function (text) {
      var a = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/plain' })), download: ($('save-name').value || 'explored') + '.scenario' });
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }).catch(function (e) { showError(e.message); });
  });
  $('download-itf').addEventListener('click', function () {
    fetch('/api/itf').then(function (r) { return r.ok ? r.text() : r.json().then(function (j) { throw new Error(j.error); }); }).then(function (text) {
      var a = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/json' })), download: ($('save-name').value || 'explored') + '.itf.json' });
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }).catch(function (e) { showError(e.message); });
  });
  $('save-name').addEventListener('input', function () { $('save-name').setAttribute('data-auto', 'false'); });
  $('save').addEventListener('click', function () { act('/api/save', { name: $('save-name').value || undefined }); });
  function load(text, name) {
    act('/api/load', { text: text, name: name, at: $('load-start').checked ? 'start' : 'end', scenario: Number($('load-index').value) || 1 }, function () {
      $('find-result').className = ''; $('find-result').textContent = '';
    });
  }
  $('load').addEventListener('click', function () { load($('paste').value, 'pasted scenario'); });
  $('row-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var text = $('row-text').value.trim();
    if (text) act('/api/row', { text: text }, function () { $('row-text').value = ''; });
  });
  $('upload').addEventListener('change', function () {
    var f = $('upload').files && $('upload').files[0];
    if (!f) return;
    f.text().then(function (t) { load(t, f.name); $('upload').value = ''; });
  });

  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    if (!state || e.altKey || e.metaKey) return;
    var k = e.key.toLowerCase();
    if (e.ctrlKey) {
      if (k === 'z' && !e.shiftKey) { e.preventDefault(); undo(); }
      else if (k === 'y' || (k === 'z' && e.shiftKey)) { e.preventDefault(); redo(); }
      return;
    }
    if (/^[1-9]$/.test(e.key)) {
      var i = Number(e.key) - 1;
      if (i < state.actions.length) { e.preventDefault(); act('/api/step', { index: i }); }
    } else if (k === 'n') {
      if (state.actions.length > 0) act('/api/step', { index: 0 });
    } else if (k === 'u') undo();
    else if (k === 'r') redo();
    else if (k === 'f') find();
  });

  setBusy(true);
  request('GET', '/api/state').then(render).catch(function (e) { showError(e.message); }).then(function () {
    setBusy(false);
    document.body.setAttribute('data-ready', 'true');
  });
})();
`;
