/* kg view: search, filters, neighbourhood graph, entity panel and article view.
 *
 * Data: window.KG_VIEW from data/graph.js (format in kg/export/view.py); a document's text from
 * data/docs/<key>.js, loaded with a <script> element when one of its articles is opened
 * (Chromium refuses fetch() of file:// URLs). Every file is relative: no network.
 * Routes (location.hash): #/ overview, #/entity/<node>?hops=1|2, #/article/<article>?fact=<edge>&entity=<node>.
 */
(function () {
  'use strict';

  const LABEL_NAMES = { PERSON: '人物', ORG: '机构', PLACE: '地点', PROGRAMME: '项目', EVENT: '活动', AWARD: '荣誉' };
  const PREDICATE_NAMES = {
    holds_position: '任职', located_in: '位于', sub_organization_of: '隶属', organizes: '组织',
    partner_of: '合作', received_award: '获得', participates_in: '参与',
  };
  const SYMMETRIC = new Set(['partner_of']);
  const PROP_NAMES = { division_code: '行政区划代码', admin_level: '行政级别', org_type: '机构类型' };
  const PROP_VALUES = {
    country: '国家', province: '省级', prefecture: '地级', county: '县级', township: '乡级',
    trade_union: '工会', party: '党组织', school: '学校', company: '企业', association: '协会', government: '政府机关',
  };
  const COLORS = { PERSON: '#aa9cfc', ORG: '#7aecec', PLACE: '#feca74', PROGRAMME: '#bfeeb7', EVENT: '#ff9561', AWARD: '#f0b3ff' };
  const OTHER_COLOR = '#d5d9de';
  const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  /* How much is drawn or listed at once, so that a graph of any size stays quick. */
  const LIMITS = { overview: 40, hop1: 40, nodes: 100, edges: 250, edgeLabels: 30, results: 20, facts: 60, mentions: 6, docs: 200, zoom: 1.4, readable: 0.85 };

  const D = window.KG_VIEW;
  const state = { labels: null, predicates: null, route: null, docs: new Map() };
  let G = null; // derived tables (buildModel)
  let cy = null;

  /* ---------- small DOM helpers ---------- */

  function $(id) { return document.getElementById(id); }

  /* el('a', {class: 'x', href: '#'}, 'text', child): an element; strings become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function fill(node, ...children) { node.replaceChildren(); node.append(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false)); return node; }

  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function fmt(n) { return n.toLocaleString('zh-CN'); }

  /* ---------- the model ---------- */

  /* Degrees, adjacency (CSR: the edges of node i are adj[start[i] .. start[i+1])), search keys. */
  function buildModel(data) {
    const n = data.nodes.length, m = data.edges.length;
    const degree = new Int32Array(n);
    for (const e of data.edges) { degree[e[0]]++; if (e[1] !== e[0]) degree[e[1]]++; }
    const start = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) start[i + 1] = start[i] + degree[i];
    const adj = new Int32Array(start[n]);
    const next = start.slice(0, n);
    data.edges.forEach((e, i) => { adj[next[e[0]]++] = i; if (e[1] !== e[0]) adj[next[e[1]]++] = i; });
    const keys = data.nodes.map(node => [node[1], ...node[2]].map(normalise));
    const labelCounts = data.labels.map(() => 0);
    for (const node of data.nodes) labelCounts[node[0]]++;
    const predicateCounts = data.predicates.map(() => 0);
    for (const e of data.edges) predicateCounts[e[2]]++;
    const byDegree = Array.from(data.nodes.keys()).sort((a, b) => degree[b] - degree[a] || a - b);
    const articleEdges = new Map();
    data.edges.forEach((e, i) => { if (e[5] >= 0) { if (!articleEdges.has(e[5])) articleEdges.set(e[5], []); articleEdges.get(e[5]).push(i); } });
    const articleNodes = new Map();
    data.nodes.forEach((node, i) => { for (const a of node[4]) { if (a >= 0) { if (!articleNodes.has(a)) articleNodes.set(a, []); articleNodes.get(a).push(i); } } });
    return { n, m, degree, start, adj, keys, labelCounts, predicateCounts, byDegree, articleEdges, articleNodes };
  }

  function normalise(text) { return text.normalize('NFKC').toLowerCase(); }
  function labelOf(i) { return D.labels[D.nodes[i][0]]; }
  function nameOf(i) { return D.nodes[i][1]; }
  function colorOf(label) { return COLORS[label] || OTHER_COLOR; }
  function edgesOf(i) { return G.adj.subarray(G.start[i], G.start[i + 1]); }
  function labelOn(i) { return state.labels.has(D.nodes[i][0]); }
  function predicateOn(e) { return state.predicates.has(D.edges[e][2]); }
  function other(e, i) { const edge = D.edges[e]; return edge[0] === i ? edge[1] : edge[0]; }
  function labelName(label) { return LABEL_NAMES[label] || label; }
  function predicateName(p) { return PREDICATE_NAMES[p] || p; }

  /* ---------- search ---------- */

  /* Entities whose name or an alias contains the query: exact before prefix before infix, the
     name before an alias, then the most connected. Only labels switched on. */
  function search(query) {
    const q = normalise(query.trim());
    if (!q) return { hits: [], total: 0 };
    const hits = [];
    for (let i = 0; i < G.n; i++) {
      if (!labelOn(i)) continue;
      const keys = G.keys[i];
      let best = 9, alias = -1;
      for (let k = 0; k < keys.length && best > 0; k++) {
        const key = keys[k];
        const pos = key.indexOf(q);
        if (pos < 0) continue;
        const score = (key.length === q.length ? 0 : pos === 0 ? 2 : 4) + (k > 0 ? 1 : 0);
        if (score < best) { best = score; alias = k - 1; }
      }
      if (best < 9) hits.push([best, i, alias]);
    }
    hits.sort((a, b) => a[0] - b[0] || G.degree[b[1]] - G.degree[a[1]] || nameOf(a[1]).length - nameOf(b[1]).length || a[1] - b[1]);
    return { hits: hits.slice(0, LIMITS.results), total: hits.length };
  }

  /* The name with the query's first occurrence in bold. */
  function marked(text, query) {
    const pos = normalise(text).indexOf(normalise(query.trim()));
    if (pos < 0 || !query.trim()) return [text];
    const end = pos + query.trim().length;
    return [text.slice(0, pos), el('b', {}, text.slice(pos, end)), text.slice(end)];
  }

  const searchBox = { active: -1, items: [] };

  function showResults() {
    const input = $('search'), list = $('results');
    const query = input.value;
    const { hits, total } = search(query);
    searchBox.items = hits.map(h => h[1]);
    searchBox.active = hits.length ? 0 : -1;
    if (!query.trim()) { list.hidden = true; return; }
    fill(list, hits.map(([, i, alias], k) => el('li', {
      role: 'option', 'data-node': i, class: k === 0 ? 'active' : null,
      onmousedown: ev => { ev.preventDefault(); pick(i); },
    },
    el('span', { class: 'swatch', style: `background:${colorOf(labelOf(i))}` }),
    el('span', { class: 'name' }, marked(nameOf(i), query)),
    alias >= 0 ? el('span', { class: 'alias' }, '别名：', marked(D.nodes[i][2][alias], query)) : null,
    el('span', { class: 'meta' }, `${labelName(labelOf(i))} · ${G.degree[i]} 条关系`))));
    if (!hits.length) list.append(el('li', { class: 'more' }, '没有找到匹配的实体'));
    else if (total > hits.length) list.append(el('li', { class: 'more' }, `共 ${fmt(total)} 个结果，显示前 ${hits.length} 个`));
    list.hidden = false;
  }

  function moveActive(step) {
    const items = $('results').querySelectorAll('li[data-node]');
    if (!items.length) return;
    searchBox.active = (searchBox.active + step + items.length) % items.length;
    items.forEach((li, k) => li.classList.toggle('active', k === searchBox.active));
    items[searchBox.active].scrollIntoView({ block: 'nearest' });
  }

  function pick(i) {
    $('results').hidden = true;
    $('search').blur();
    go(`#/entity/${i}?hops=${currentHops()}`);
  }

  function setupSearch() {
    const input = $('search');
    let composing = false;
    input.addEventListener('compositionstart', () => { composing = true; });
    input.addEventListener('compositionend', () => { composing = false; showResults(); });
    input.addEventListener('input', ev => { if (!composing && !ev.isComposing) showResults(); });
    input.addEventListener('focus', () => { if (input.value.trim()) showResults(); });
    // a result is picked on mousedown, which keeps the focus here: a blur means the list is done with
    input.addEventListener('blur', () => { $('results').hidden = true; });
    input.addEventListener('keydown', ev => {
      if (ev.isComposing) return;
      if (ev.key === 'ArrowDown') { moveActive(1); ev.preventDefault(); }
      else if (ev.key === 'ArrowUp') { moveActive(-1); ev.preventDefault(); }
      else if (ev.key === 'Enter' && searchBox.active >= 0) pick(searchBox.items[searchBox.active]);
      else if (ev.key === 'Escape') { $('results').hidden = true; input.blur(); }
    });
    document.addEventListener('keydown', ev => {
      if (ev.key === '/' && document.activeElement !== input) { input.focus(); ev.preventDefault(); }
    });
  }

  /* ---------- filters and legend ---------- */

  function legendRow(kind, index, swatch, text, code, count) {
    const on = state[kind].has(index);
    return el('li', { class: on ? null : 'off' }, el('label', { title: code },
      el('input', { type: 'checkbox', checked: on, 'data-kind': kind, 'data-index': index, onchange: ev => toggle(kind, index, ev.target.checked) }),
      swatch,
      el('span', { class: 'text' }, text, ' ', el('span', { class: 'code' }, code)),
      el('span', { class: 'count' }, fmt(count))));
  }

  function renderFilters() {
    fill($('labels'), D.labels.map((label, i) => legendRow('labels', i,
      el('span', { class: 'swatch', style: `background:${colorOf(label)}` }), labelName(label), label, G.labelCounts[i])));
    fill($('predicates'), D.predicates.map((p, i) => legendRow('predicates', i, null, predicateName(p), p, G.predicateCounts[i])));
  }

  function toggle(kind, index, on) {
    if (on) state[kind].add(index); else state[kind].delete(index);
    renderFilters();
    render();
  }

  function setupFilters() {
    state.labels = new Set(D.labels.keys());
    state.predicates = new Set(D.predicates.keys());
    document.querySelectorAll('button.all').forEach(button => button.addEventListener('click', () => {
      const kind = button.dataset.all;
      state[kind] = new Set((kind === 'labels' ? D.labels : D.predicates).keys());
      renderFilters();
      render();
    }));
    renderFilters();
  }

  /* ---------- routing ---------- */

  function parseRoute() {
    const [path, query] = location.hash.replace(/^#/, '').split('?');
    const params = new URLSearchParams(query || '');
    const parts = path.split('/').filter(Boolean);
    const id = Number(parts[1]);
    const int = name => (params.has(name) ? Number(params.get(name)) : -1);
    if (parts[0] === 'entity' && id >= 0 && id < G.n) return { view: 'entity', node: id, hops: int('hops') === 2 ? 2 : 1 };
    if (parts[0] === 'article' && id >= 0 && id < D.articles.length) return { view: 'article', article: id, fact: int('fact'), entity: int('entity') };
    return { view: 'overview' };
  }

  function go(hash) { if (location.hash === hash) render(); else location.hash = hash; }
  function currentHops() { return state.route && state.route.view === 'entity' ? state.route.hops : 1; }
  function entityLink(i, text) {
    return el('a', { href: `#/entity/${i}?hops=${currentHops()}`, class: 'entity-link', 'data-node': i }, text || nameOf(i));
  }

  function render() {
    state.route = parseRoute();
    const route = state.route;
    $('graph-view').hidden = route.view === 'article';
    $('article-view').hidden = route.view !== 'article';
    if (route.view === 'entity') renderEntity(route.node, route.hops);
    else if (route.view === 'article') renderArticle(route.article, route.fact, route.entity);
    else renderOverview();
    if (route.view !== 'article') $('panel').dataset.route = location.hash;  // drawn (tests, benchmark)
  }

  /* ---------- graph drawing ---------- */

  function initGraph() {
    cy = cytoscape({
      container: $('cy'), minZoom: 0.15, maxZoom: 3, wheelSensitivity: 0.3, boxSelectionEnabled: false,
      style: [
        { selector: 'node', style: {
          'background-color': 'data(color)', 'border-width': 1.5, 'border-color': 'data(border)',
          width: 'data(size)', height: 'data(size)', label: 'data(name)', 'font-family': FONT, 'font-size': 13,
          color: '#1f2933', 'text-valign': 'bottom', 'text-margin-y': 5, 'text-wrap': 'ellipsis', 'text-max-width': 150,
          'text-background-color': '#ffffff', 'text-background-opacity': 0.75, 'text-background-padding': 2,
          'text-background-shape': 'roundrectangle', 'min-zoomed-font-size': 7 } },
        { selector: 'node.focus', style: { 'border-width': 4, 'border-color': '#1f2933', 'font-size': 15, 'font-weight': 'bold', 'z-index': 10 } },
        { selector: 'node.hop2', style: { 'font-size': 10, 'min-zoomed-font-size': 10 } },
        { selector: 'edge', style: {
          width: 'data(width)', 'line-color': '#b7c0cc', 'target-arrow-color': '#b7c0cc', 'target-arrow-shape': 'triangle',
          'arrow-scale': 0.9, 'curve-style': 'bezier', 'font-family': FONT, 'font-size': 10, color: '#52606d',
          'text-rotation': 'autorotate', 'text-background-color': '#ffffff', 'text-background-opacity': 0.85,
          'text-background-padding': 1, 'min-zoomed-font-size': 8 } },
        { selector: 'edge.labelled', style: { label: 'data(label)' } },
        { selector: 'edge.sym', style: { 'target-arrow-shape': 'none' } },
        { selector: '.faded', style: { opacity: 0.12 } },
        { selector: 'node.near', style: { 'border-color': '#1f2933', 'border-width': 2.5, 'min-zoomed-font-size': 0 } },
        { selector: 'edge.near', style: { 'line-color': '#52606d', 'target-arrow-color': '#52606d', label: 'data(label)', 'z-index': 9 } },
      ],
    });
    cy.on('tap', 'node', ev => go(`#/entity/${ev.target.data('index')}?hops=${currentHops()}`));
    cy.on('mouseover', 'node', ev => highlight(ev.target));
    cy.on('mouseout', 'node', () => cy.elements().removeClass('faded near'));
  }

  function highlight(node) {
    const near = node.closedNeighborhood();
    cy.elements().addClass('faded');
    near.removeClass('faded').addClass('near');
    node.removeClass('near');
  }

  /* Cytoscape elements for the chosen nodes (node -> hop) and the visible edges among them; edges
     with the same ends and predicate are drawn once, thicker. At most LIMITS.edges are drawn. */
  function elements(chosen, focus) {
    const nodes = [], drawn = new Map();
    for (const [i, hop] of chosen) {
      const label = labelOf(i);
      nodes.push({ group: 'nodes', data: { id: `n${i}`, index: i, name: nameOf(i), color: colorOf(label), border: shade(colorOf(label)),
        size: i === focus ? 46 : Math.round(Math.min(16 + 5 * Math.log2(1 + G.degree[i]), 40)) },
      classes: i === focus ? 'focus' : hop === 2 ? 'hop2' : '' });
      for (const e of edgesOf(i)) {
        const edge = D.edges[e];
        if (edge[0] !== i || !chosen.has(edge[1]) || !predicateOn(e)) continue;
        const key = `${edge[0]}-${edge[1]}-${edge[2]}`;
        if (!drawn.has(key)) drawn.set(key, { key, s: edge[0], t: edge[1], p: edge[2], count: 0 });
        drawn.get(key).count++;
      }
    }
    const kept = keptEdges([...drawn.values()], chosen, focus);
    const edges = kept.map(d => {
      const p = D.predicates[d.p];
      return { group: 'edges', data: { id: `e${d.key}`, source: `n${d.s}`, target: `n${d.t}`, label: predicateName(p) + (d.count > 1 ? ` ×${d.count}` : ''), width: Math.min(1.2 + d.count * 0.6, 5) },
        classes: SYMMETRIC.has(p) ? 'sym' : '' };
    });
    return { nodes, edges, total: drawn.size };
  }

  /* The edges worth drawing when there are too many to read (or to lay out quickly): those
     nearest the focus first, the most repeated next; but each entity keeps the first of its
     edges, so that none floats alone. */
  function keptEdges(all, chosen, focus) {
    const rank = d => chosen.get(d.s) + chosen.get(d.t);
    all.sort((a, b) => rank(a) - rank(b) || b.count - a.count || a.s - b.s || a.t - b.t || a.p - b.p);
    if (all.length <= LIMITS.edges) return all;
    const linked = new Set([focus]), spine = new Set();
    for (const d of all) {
      if (!linked.has(d.s) || !linked.has(d.t)) { spine.add(d); linked.add(d.s); linked.add(d.t); }
    }
    const kept = [...spine];
    for (const d of all) {
      if (kept.length >= Math.max(LIMITS.edges, spine.size)) break;
      if (!spine.has(d)) kept.push(d);
    }
    return kept;
  }

  function shade(hex) {
    const v = parseInt(hex.slice(1), 16);
    const f = c => Math.round(c * 0.7).toString(16).padStart(2, '0');
    return `#${f(v >> 16)}${f((v >> 8) & 255)}${f(v & 255)}`;
  }

  /* Force-directed placement: an entity's neighbourhood spread so its labels do not collide;
     the overview (several clusters) kept compact so that its labels stay readable when fitted. */
  function coseLayout(compact) {
    return compact
      ? { name: 'cose', animate: false, randomize: true, nodeRepulsion: () => 3000, idealEdgeLength: () => 50, gravity: 4,
        componentSpacing: 20, numIter: 1000, padding: 30 }
      : { name: 'cose', animate: false, randomize: true, nodeDimensionsIncludeLabels: true, nodeRepulsion: () => 12000,
        idealEdgeLength: () => 70, nodeOverlap: 12, gravity: 0.9, componentSpacing: 30, numIter: 1000, padding: 30 };
  }

  /* cose for a neighbourhood (at most LIMITS.nodes entities: quick enough); for the overview too
     while it is sparse, but rings by degree (the most connected inside) once its entities are
     so linked that cose packs them into a blob. */
  function chooseLayout(nodes, edges, focus) {
    if (focus < 0 && edges > 2 * nodes) {
      return { name: 'concentric', animate: false, concentric: n => G.degree[n.data('index')], levelWidth: () => G.degree[G.byDegree[0]] / 3,
        minNodeSpacing: 70, padding: 30, rings: true };
    }
    return coseLayout(focus < 0);
  }

  /* The same picture each time an entity is opened: cose starts from random places, so it runs
     with Math.random seeded by the entity (mulberry32), and the page's own Math.random after. */
  function seeded(seed, run) {
    const random = Math.random;
    let state = seed >>> 0;
    Math.random = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    try { run(); } finally { Math.random = random; }
  }

  function draw(chosen, focus) {
    const { nodes, edges, total } = elements(chosen, focus);
    cy.batch(() => {
      cy.elements().remove();
      cy.add(nodes.concat(edges));
      if (edges.length <= LIMITS.edgeLabels) cy.edges().addClass('labelled');
    });
    const layout = chooseLayout(nodes.length, edges.length, focus);
    cy.resize();
    seeded(focus + 2, () => cy.layout(layout).run());
    cy.fit(undefined, 30);
    if (cy.zoom() > LIMITS.zoom) { cy.zoom(LIMITS.zoom); cy.center(); }
    if (layout.rings && cy.zoom() < 1) {  // the rings leave room for labels: make them readable
      cy.nodes().style({ 'font-size': Math.min(13 / cy.zoom(), 32), 'text-max-width': Math.min(150 / cy.zoom(), 360) });
    }
    const centre = cy.$('node.focus');
    if (centre.nonempty() && cy.zoom() < LIMITS.readable) { cy.zoom(LIMITS.readable); cy.center(centre); }
    const box = $('cy');
    box.dataset.nodes = nodes.length;
    box.dataset.edges = edges.length;
    return { nodes: nodes.length, edges: edges.length, total: total };
  }

  /* The focus, then its most connected neighbours one hop out, then (hops 2) theirs, with the
     filters applied; at most LIMITS.hop1 in the first ring and LIMITS.nodes in all. */
  function neighbourhood(focus, hops) {
    const chosen = new Map([[focus, 0]]);
    let frontier = [focus], left = 0;
    for (let hop = 1; hop <= hops; hop++) {
      const links = new Map();
      for (const u of frontier) {
        for (const e of edgesOf(u)) {
          const v = other(e, u);
          if (chosen.has(v) || !predicateOn(e) || !labelOn(v)) continue;
          links.set(v, (links.get(v) || 0) + 1);
        }
      }
      const ranked = [...links.keys()].sort((a, b) => links.get(b) - links.get(a) || G.degree[b] - G.degree[a] || a - b);
      const room = hop === 1 ? Math.min(LIMITS.hop1, LIMITS.nodes - 1) : LIMITS.nodes - chosen.size;
      frontier = ranked.slice(0, Math.max(room, 0));
      left += ranked.length - frontier.length;
      for (const v of frontier) chosen.set(v, hop);
    }
    return { chosen, left };
  }

  /* The most connected entities that are linked to one another: an entity among the top
     LIMITS.overview with no visible link to the others would float alone. */
  function overviewNodes() {
    const top = new Set();
    for (const i of G.byDegree) {
      if (top.size >= LIMITS.overview) break;
      if (labelOn(i) && G.degree[i] > 0) top.add(i);
    }
    const linked = i => Array.from(edgesOf(i)).some(e => predicateOn(e) && other(e, i) !== i && top.has(other(e, i)));
    return new Map([...top].filter(linked).map(i => [i, 1]));
  }

  function setGraphBar(title, hops, note) {
    fill($('graph-title'), title);
    $('hops').hidden = !hops;
    $('hops').querySelectorAll('button').forEach(b => b.classList.toggle('on', Number(b.dataset.hops) === hops));
    fill($('graph-note'), note);
  }

  function setupHops() {
    $('hops').querySelectorAll('button').forEach(button => button.addEventListener('click', () => {
      if (state.route.view === 'entity') go(`#/entity/${state.route.node}?hops=${button.dataset.hops}`);
    }));
    $('fit').addEventListener('click', () => cy.fit(undefined, 30));
  }

  /* ---------- overview ---------- */

  function renderOverview() {
    const shown = draw(overviewNodes(), -1);
    setGraphBar('关联最多的实体', 0, `显示 ${shown.nodes} / ${fmt(G.n)} 个实体 · 点击实体查看详情`);
    const panel = fill($('panel'), el('div', { class: 'home' },
      el('h1', {}, '图谱概览'),
      el('div', { class: 'counts' }, [[G.n, '实体'], [G.m, '关系'], [D.documents.length, '文档'], [D.articles.length, '文章']]
        .map(([n, what]) => el('div', {}, el('b', {}, fmt(n)), el('span', {}, what)))),
      el('p', { class: 'muted' }, '在上方搜索实体名称或别名；左侧按实体类型和关系筛选；点击图中的实体查看它的关系、证据句和来源文章。'),
      el('h2', {}, '关联最多的实体'),
      el('ul', { class: 'plain top-list' }, G.byDegree.filter(labelOn).slice(0, 12).map(i => el('li', {},
        el('span', { class: 'swatch', style: `background:${colorOf(labelOf(i))}` }), entityLink(i),
        el('span', { class: 'count' }, `${G.degree[i]} 条关系`)))),
      el('h2', {}, '文档与文章', el('span', { class: 'sub' }, `${fmt(D.documents.length)} 篇文档`)),
      documentList()));
    panel.scrollTop = 0;
  }

  function documentList() {
    return el('div', {}, D.documents.slice(0, LIMITS.docs).map((doc, d) => {
      const details = el('details', { class: 'doc' }, el('summary', {}, doc[1] || doc[0], el('span', { class: 'faint' }, ` · ${doc[3].length} 篇文章`)));
      details.addEventListener('toggle', () => {
        if (details.open && details.children.length === 1) details.append(el('ol', {}, doc[3].map(a => el('li', {}, articleLink(a)))));
      }, { once: false });
      return details;
    }), D.documents.length > LIMITS.docs ? el('p', { class: 'faint' }, `另有 ${fmt(D.documents.length - LIMITS.docs)} 篇文档：从实体的“出现于”进入`) : null);
  }

  function articleTitle(a) { return D.articles[a][2] || D.articles[a][1]; }
  function articleLink(a, params) { return el('a', { href: `#/article/${a}${params || ''}`, 'data-article': a }, articleTitle(a)); }

  /* ---------- entity panel ---------- */

  function renderEntity(i, hops) {
    const { chosen, left } = neighbourhood(i, hops);
    const shown = draw(chosen, i);
    const more = left > 0 ? `（另有 ${fmt(left)} 个未显示）` : '';
    const edges = shown.total > shown.edges ? `${shown.edges} / ${fmt(shown.total)} 条关系` : `${shown.edges} 条关系`;
    setGraphBar(nameOf(i), hops, `${shown.nodes} 个实体 · ${edges}${more}`);
    const panel = fill($('panel'), entityHeader(i), entityProps(i), entityMentions(i), entityFacts(i));
    panel.scrollTop = 0;
  }

  function entityHeader(i) {
    const label = labelOf(i);
    return el('div', { class: 'entity-head' },
      el('span', { class: `chip ${label}` }, `${labelName(label)} · ${label}`),
      el('h1', { id: 'entity-name' }, nameOf(i)));
  }

  function entityProps(i) {
    const [, name, all, props] = D.nodes[i];
    const aliases = all.filter(a => a !== name);
    const rows = Object.entries(props).map(([k, v]) => [PROP_NAMES[k] || k, PROP_VALUES[v] ? `${PROP_VALUES[v]}（${v}）` : String(v)]);
    return el('div', {},
      aliases.length ? el('div', {}, el('h2', {}, '别名'), el('div', { class: 'chips' }, aliases.map(a => el('span', { class: 'chip alias' }, a)))) : null,
      rows.length ? el('div', {}, el('h2', {}, '属性'), el('dl', { class: 'props' }, rows.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]))) : null);
  }

  function entityMentions(i) {
    const mentions = D.nodes[i][4];
    if (!mentions.length) return null;
    const list = el('ul', { class: 'plain' });
    const item = m => (m >= 0
      ? el('li', {}, articleLink(m, `?entity=${i}`), el('span', { class: 'faint' }, ` · ${docName(D.articles[m][0])}`))
      : el('li', {}, docName(-1 - m), el('span', { class: 'faint' }, '（文章不详）')));
    return el('div', {}, el('h2', {}, '出现于', el('span', { class: 'sub' }, `${fmt(mentions.length)} 篇`)),
      list, paged(list, mentions, item, LIMITS.mentions, LIMITS.facts));
  }

  /* Fill list with items, `first` of them now and `step` more at each click of the button
     returned (hidden once all are shown). */
  function paged(list, items, render, first, step) {
    let shown = 0;
    const button = el('button', { class: 'more-button', type: 'button' });
    const more = n => {
      const end = Math.min(shown + n, items.length);
      for (; shown < end; shown++) list.append(render(items[shown]));
      button.hidden = shown >= items.length;
      fill(button, `显示更多（还有 ${fmt(items.length - shown)} 篇）`);
    };
    button.addEventListener('click', () => more(step));
    more(first);
    return button;
  }

  function docName(d) { return D.documents[d][1] || D.documents[d][0]; }

  /* Edges of node i grouped into facts: same subject, object, predicate and role. */
  function factsOf(edgeIds) {
    const facts = new Map();
    for (const e of edgeIds) {
      const [s, o, p, role] = D.edges[e];
      const key = `${s}-${o}-${p}-${role}`;
      if (!facts.has(key)) facts.set(key, { s, o, p, role, edges: [] });
      facts.get(key).edges.push(e);
    }
    return [...facts.values()];
  }

  function entityFacts(i) {
    const all = Array.from(edgesOf(i));
    const visible = all.filter(e => predicateOn(e) && labelOn(other(e, i)));
    const otherName = f => nameOf(f.s === i ? f.o : f.s);
    const facts = factsOf(visible).sort((a, b) => a.p - b.p || (a.s === i) - (b.s === i) || cmp(otherName(a), otherName(b)));
    const hidden = all.length - visible.length;
    const box = el('div', { id: 'facts' }, el('h2', {}, '关系', el('span', { class: 'sub' },
      `${fmt(facts.length)} 条${hidden ? `，${fmt(hidden)} 条证据被筛选隐藏` : ''}`)));
    if (!facts.length) box.append(el('p', { class: 'muted' }, all.length ? '所有关系都被左侧筛选隐藏。' : '这个实体没有关系。'));
    appendFacts(box, facts, i, -1);
    return box;
  }

  /* Facts under a heading per predicate, LIMITS.facts at a time with a button for more. */
  function appendFacts(box, facts, self, selected) {
    let shown = 0, group = null, lastP = -1;
    const more = () => {
      const end = Math.min(shown + LIMITS.facts, facts.length);
      for (; shown < end; shown++) {
        const fact = facts[shown];
        if (fact.p !== lastP) {
          lastP = fact.p;
          const p = D.predicates[fact.p];
          group = el('div', { class: 'group' }, el('h3', {}, predicateName(p), el('span', { class: 'code' }, p)));
          box.insertBefore(group, button);
        }
        group.append(factCard(fact, self, selected));
      }
      button.hidden = shown >= facts.length;
      fill(button, `显示更多（还有 ${fmt(facts.length - shown)} 条）`);
    };
    const button = el('button', { class: 'more-button', type: 'button', onclick: more });
    box.append(button);
    more();
  }

  function factCard(fact, self, selected) {
    const p = D.predicates[fact.p];
    const end = i => (i === self ? el('span', { class: 'self' }, nameOf(i)) : entityLink(i));
    const card = el('div', { class: `fact${fact.edges.includes(selected) ? ' on' : ''}`, 'data-edges': fact.edges.join(' ') },
      el('div', { class: 'line' },
        el('span', { class: 'swatch', style: `background:${colorOf(labelOf(fact.s))}` }), end(fact.s),
        el('span', { class: `pred${SYMMETRIC.has(p) ? ' sym' : ''}` }, predicateName(p)),
        el('span', { class: 'swatch', style: `background:${colorOf(labelOf(fact.o))}` }), end(fact.o),
        fact.role >= 0 ? el('span', { class: 'chip role' }, D.roles[fact.role]) : null));
    for (const e of fact.edges) card.append(evidence(e));
    return card;
  }

  /* One evidence: the sentence with the fact's entity names and role marked, and its source. */
  function evidence(e) {
    const [s, o, , role, doc, article, sentence, rule] = D.edges[e];
    if (sentence < 0) {
      return el('div', { class: 'evidence gazetteer' }, rule >= 0 && D.rules[rule] === 'gazetteer' ? '来自行政区划表（gazetteer）' : '无证据句', rule >= 0 ? el('span', { class: 'src' }, `规则 ${D.rules[rule]}`) : null);
    }
    const terms = [[s, nameTerms(s)], [o, nameTerms(o)]];
    return el('div', { class: 'evidence', 'data-edge': e },
      el('div', { class: 'sentence' }, markTerms(D.sentences[sentence], terms, role >= 0 ? D.roles[role] : '')),
      el('div', { class: 'src' },
        doc >= 0 ? el('span', {}, docName(doc)) : null,
        article >= 0 ? el('span', {}, '文章 ', articleLink(article, `?fact=${e}`)) : null,
        el('span', {}, `规则 ${D.rules[rule]}`)));
  }

  function nameTerms(i) { return [D.nodes[i][1], ...D.nodes[i][2]].filter(t => t.length > 0); }

  /* The sentence with every occurrence of the entities' names and aliases marked in their
     label's colour, and the role; longer terms first, no overlaps. */
  function markTerms(sentence, terms, role) {
    const spans = [];
    const take = (start, end, cls, color) => {
      if (spans.some(sp => start < sp[1] && sp[0] < end)) return;
      spans.push([start, end, cls, color]);
    };
    const all = [];
    for (const [i, names] of terms) for (const name of names) all.push([name, 'hl', colorOf(labelOf(i))]);
    if (role) all.push([role, 'hl role', null]);
    all.sort((a, b) => b[0].length - a[0].length);
    for (const [term, cls, color] of all) {
      for (let pos = sentence.indexOf(term); pos >= 0; pos = sentence.indexOf(term, pos + term.length)) take(pos, pos + term.length, cls, color);
    }
    spans.sort((a, b) => a[0] - b[0]);
    const out = [];
    let at = 0;
    for (const [start, end, cls, color] of spans) {
      out.push(sentence.slice(at, start), el('mark', { class: cls, style: color ? `background:${color}` : null }, sentence.slice(start, end)));
      at = end;
    }
    out.push(sentence.slice(at));
    return out;
  }

  /* ---------- article view ---------- */

  /* A document's text: its script is inserted once and calls kgDocument(key, payload). */
  function loadDocument(d) {
    const key = D.documents[d][2];
    if (!key) return Promise.resolve(null);
    if (!state.docs.has(key)) {
      state.docs.set(key, new Promise((resolve, reject) => {
        waiting.set(key, resolve);
        const script = el('script', { src: `data/docs/${key}.js` });
        script.onerror = () => { state.docs.delete(key); reject(new Error(`data/docs/${key}.js`)); };
        document.head.append(script);
      }));
    }
    return state.docs.get(key);
  }

  const waiting = new Map();
  window.kgDocument = function (key, payload) {
    const resolve = waiting.get(key);
    waiting.delete(key);
    if (resolve) resolve(payload);
  };

  function renderArticle(a, fact, entity) {
    const [d, id] = D.articles[a];
    const view = $('article-view');
    const token = {};
    state.articleToken = token;
    fill(view, el('div', { class: 'reader' }, el('p', { class: 'muted' }, '正在载入…')));
    renderArticlePanel(a, fact);
    loadDocument(d).then(payload => {
      if (state.articleToken !== token) return;
      fill(view, el('div', { class: 'reader', id: 'reader' }, articleHead(a), articleBody(a, payload, fact, entity)));
      const target = view.querySelector('.ev-on') || view.querySelector('mark.ent.focus');
      if (target) target.scrollIntoView({ block: 'center' }); else view.scrollTop = 0;
      view.dataset.route = location.hash;
    }, err => {
      fill(view, el('div', { class: 'reader' }, articleHead(a), el('p', { class: 'missing' }, `未能载入文本：${err.message}`)));
      view.dataset.route = location.hash;
    });
  }

  function articleHead(a) {
    const [d, id] = D.articles[a];
    const labels = D.labels.map((label, i) => el('span', { class: `chip ${label}` }, `${labelName(label)} ${label}`));
    return el('div', {},
      el('div', { class: 'crumbs' }, el('a', { href: '#/' }, '概览'), el('span', {}, '›'), el('span', {}, docName(d)), el('span', {}, '›'), el('span', { class: 'faint' }, id)),
      el('h1', { id: 'article-title' }, articleTitle(a)),
      el('div', { class: 'legend-row' }, labels));
  }

  function articleBody(a, payload, fact, entity) {
    if (!payload) return el('p', { class: 'missing' }, '这篇文档的文本没有写入视图；右侧仍列出从中读出的关系。');
    const span = payload.articles.find(x => x[0] === D.articles[a][1]);
    const [start, end] = span ? [span[1], span[2]] : [0, payload.text.length];
    const ranges = (G.articleEdges.get(a) || []).map(e => [D.edges[e][8], D.edges[e][9], e]).filter(r => r[0] >= 0);
    const selected = fact >= 0 && D.edges[fact] ? [D.edges[fact][8], D.edges[fact][9]] : null;
    return el('div', { class: 'text', id: 'article-text' }, pieces(payload, start, end, ranges, selected, entity));
  }

  /* The article's text as runs of plain text and entity marks; runs inside an evidence
     sentence are underlined, inside the selected one highlighted. */
  function pieces(payload, start, end, ranges, selected, entity) {
    const text = payload.text;
    const mentions = payload.mentions.filter(m => m[0] >= start && m[1] <= end);
    const cuts = new Set([start, end]);
    for (const [s, e] of ranges) { cuts.add(Math.max(start, Math.min(end, s))); cuts.add(Math.max(start, Math.min(end, e))); }
    for (const m of mentions) { cuts.add(m[0]); cuts.add(m[1]); }
    const points = [...cuts].sort((x, y) => x - y);
    const within = (s, e, r) => r && s < r[1] && r[0] < e;
    const cls = (s, e) => [ranges.some(r => within(s, e, r)) ? 'ev' : '', within(s, e, selected) ? 'ev-on' : ''].filter(Boolean).join(' ');
    const out = [];
    let m = 0;
    for (let k = 0; k + 1 < points.length; k++) {
      const s = points[k];
      let e = points[k + 1];
      while (m < mentions.length && mentions[m][1] <= s) m++;
      const mention = m < mentions.length && mentions[m][0] <= s ? mentions[m] : null;
      if (mention) {
        out.push(mentionMark(text, mention, cls(mention[0], mention[1]), entity));
        while (k + 1 < points.length && points[k + 1] < mention[1]) k++;
        continue;
      }
      const c = cls(s, e);
      const fact = ranges.find(r => within(s, e, r));
      out.push(c ? el('span', { class: c, 'data-edge': fact[2], title: '查看这条证据读出的关系', onclick: () => go(`#/article/${state.route.article}?fact=${fact[2]}`) }, text.slice(s, e)) : text.slice(s, e));
    }
    return out;
  }

  function mentionMark(text, [s, e, l, node], extra, entity) {
    const label = D.labels[l];
    const classes = ['ent', label, node < 0 ? 'unlinked' : '', node === entity && node >= 0 ? 'focus' : '', extra].filter(Boolean).join(' ');
    const mark = el('mark', { class: classes, 'data-label': label, 'data-node': node >= 0 ? node : null, title: node >= 0 ? `${nameOf(node)} · ${labelName(label)}` : labelName(label) },
      text.slice(s, e), el('span', { class: 'tag' }, label));
    if (node >= 0) mark.addEventListener('click', () => go(`#/entity/${node}?hops=1`));
    return mark;
  }

  function renderArticlePanel(a, fact) {
    const [d] = D.articles[a];
    const edges = (G.articleEdges.get(a) || []).filter(predicateOn);
    const facts = factsOf(edges).sort((x, y) => x.p - y.p || D.edges[x.edges[0]][8] - D.edges[y.edges[0]][8]);
    const entities = new Map((G.articleNodes.get(a) || []).map(i => [i, D.nodes[i][0]]));
    const panel = fill($('panel'),
      el('span', { class: 'chip' }, '文章'),
      el('h1', {}, articleTitle(a)),
      el('p', { class: 'faint' }, `${docName(d)} · ${D.articles[a][1]}`),
      el('h2', {}, '提到的实体', el('span', { class: 'sub' }, `${entities.size} 个`)),
      el('div', { class: 'chips' }, [...entities.keys()].sort((x, y) => entities.get(x) - entities.get(y) || x - y)
        .map(i => el('a', { class: `chip ${labelOf(i)}`, href: `#/entity/${i}?hops=1` }, nameOf(i)))));
    const box = el('div', { id: 'facts' }, el('h2', {}, '从本文读出的关系', el('span', { class: 'sub' }, `${facts.length} 条`)));
    if (!facts.length) box.append(el('p', { class: 'muted' }, '本文没有读出关系。'));
    appendFacts(box, facts, -1, fact);
    panel.append(box);
    panel.scrollTop = 0;
    const on = panel.querySelector('.fact.on');
    if (on) on.scrollIntoView({ block: 'center' });
  }

  /* ---------- start ---------- */

  function start() {
    if (!D || D.format !== 1) {
      document.body.append(el('div', { class: 'error' }, '没有找到图谱数据（data/graph.js），或其格式不是本页面能读的版本。'));
      return;
    }
    G = buildModel(D);
    fill($('stats'), `${fmt(G.n)} 个实体 · ${fmt(G.m)} 条关系 · ${fmt(D.documents.length)} 篇文档`);
    setupFilters();
    setupSearch();
    setupHops();
    initGraph();
    window.addEventListener('hashchange', render);
    render();
    window.kgView = { cy: () => cy, search };  // for the tests and the benchmark
    document.body.dataset.readyMs = Math.round(performance.now());  // since navigation began
    document.body.dataset.ready = '1';
  }

  start();
})();
