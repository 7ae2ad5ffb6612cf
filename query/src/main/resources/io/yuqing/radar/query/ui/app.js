// The trend page: hot topics with sparklines, one topic's curve, sentiment and case, overdue cases,
// alerts by level.
// Data is only ever written with textContent, never as HTML: titles and posts come from the internet.
'use strict';

const LEVELS = {
  red: {cn: '特别重大', colour: '#d11a2a'}, orange: {cn: '重大', colour: '#e8710a'},
  yellow: {cn: '较大', colour: '#d4a106'}, blue: {cn: '一般', colour: '#1e6fd9'},
};
const LIFECYCLE = {emerging: '出现', rising: '上升', peak: '高峰', cooling: '回落', ended: '结束'};
// the shipped alert rules' judgement.rumor-threshold: the page marks what the alerts job calls rumor_suspected
const RUMOR_SUSPECTED = 0.5;
const SPARK_POINTS = 120;
// ECharts draws time axes in the browser's zone or in UTC; shifting instants by +8 h and drawing
// "UTC" shows China time wherever the browser is, as every other time on the page
const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const chinaTime = iso => Date.parse(iso) + CHINA_OFFSET_MS;
const TOKEN_KEY = 'yuqing.token';
const charts = {};
let selectedTopic = null;

// #token=...&topic=... : the token moves to sessionStorage and leaves the address bar
function readFragment() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (params.get('token')) {
    sessionStorage.setItem(TOKEN_KEY, params.get('token'));
    params.delete('token');
  }
  selectedTopic = params.get('topic') || selectedTopic;
  history.replaceState(null, '', location.pathname + (params.toString() ? '#' + params.toString() : ''));
}

function token() {
  let t = sessionStorage.getItem(TOKEN_KEY);
  if (!t) {
    t = (window.prompt('API 令牌（radar-local 启动时打印）') || '').trim();
    if (t) sessionStorage.setItem(TOKEN_KEY, t);
  }
  return t;
}

async function api(path) {
  const r = await fetch(path, {headers: {'X-Api-Token': token() || ''}});
  if (r.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    throw new Error('令牌无效，请点击「令牌」重新输入');
  }
  const body = r.headers.get('content-type', '').includes('json') ? await r.json() : await r.text();
  if (!r.ok) throw new Error((body && body.detail) || ('HTTP ' + r.status));
  return body;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => (k === 'class' ? (e.className = v) : e.setAttribute(k, v)));
  children.forEach(c => e.append(c instanceof Node ? c : document.createTextNode(String(c))));
  return e;
}

function badge(level) {
  return level ? el('span', {class: 'badge ' + level}, LEVELS[level].cn) : el('span', {class: 'badge none'}, '未预警');
}

// 领域 as a tag and 疑似不实 as a badge; topics from a job that does not judge get neither
function judgement(t) {
  const marks = [];
  if (t.category_cn) marks.push(el('span', {class: 'tag category', 'data-category': t.category}, t.category_cn));
  if (t.rumor_score >= RUMOR_SUSPECTED) {
    marks.push(el('span', {class: 'badge rumor', title: '疑似不实指数 ' + t.rumor_score.toFixed(2)}, '疑似不实'));
  }
  return marks.flatMap(m => [' ', m]);
}

function chart(id) {
  const dom = document.getElementById(id);
  charts[id] = charts[id] || echarts.init(dom);
  return charts[id];
}

function time(iso) {
  return new Date(iso).toLocaleString('zh-CN', {timeZone: 'Asia/Shanghai', hour12: false,
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit'});
}

function status(text) {
  document.getElementById('status').textContent = text;
}

async function loadHot() {
  const form = document.getElementById('hot-filters');
  const q = new URLSearchParams({hours: form.hours.value, size: '20'});
  if (form.level.value) q.set('level', form.level.value);
  if (form.category.value) q.set('category', form.category.value);
  const page = await api('/api/v1/topics/hot?' + q);
  const rows = document.getElementById('hot-rows');
  Object.keys(charts).filter(k => k.startsWith('spark-')).forEach(k => { charts[k].dispose(); delete charts[k]; });
  rows.replaceChildren();
  document.getElementById('hot-empty').hidden = page.items.length > 0;
  page.items.forEach((t, i) => {
    const spark = el('div', {class: 'spark', id: 'spark-' + t.topic_id, 'data-chart': 'sparkline'});
    const tr = el('tr', {class: 'hot-row', 'data-topic': t.topic_id},
      el('td', {class: 'num'}, i + 1), el('td', {}, t.title || t.keywords.join(' '), ...judgement(t)),
      el('td', {}, badge(page.levels[t.topic_id])), el('td', {}, LIFECYCLE[t.lifecycle] || t.lifecycle),
      el('td', {class: 'num'}, t.heat.toFixed(1)), el('td', {class: 'num'}, t.post_count + ' / ' + t.author_count),
      el('td', {}, spark));
    tr.addEventListener('click', () => showTopic(t.topic_id));
    rows.append(tr);
  });
  // sparklines one request per topic, in parallel: the detail's series is the topic's history
  await Promise.all(page.items.map(async t => {
    const d = await api('/api/v1/topics/' + encodeURIComponent(t.topic_id));
    const points = d.series.slice(0, SPARK_POINTS).reverse().map(p => [chinaTime(p.window_end), p.heat]);
    const colour = d.level ? LEVELS[d.level].colour : '#5470c6';
    chart('spark-' + t.topic_id).setOption({
      animation: false, useUTC: true, grid: {left: 1, right: 1, top: 2, bottom: 2},
      xAxis: {type: 'time', show: false}, yAxis: {type: 'value', show: false, min: 0},
      series: [{type: 'line', data: points, showSymbol: false, lineStyle: {width: 1.5, color: colour},
        areaStyle: {color: colour, opacity: 0.15}}],
    });
  }));
  return page.items;
}

async function showTopic(id) {
  selectedTopic = id;
  history.replaceState(null, '', location.pathname + '#topic=' + encodeURIComponent(id));
  document.querySelectorAll('tr.hot-row').forEach(r => r.classList.toggle('selected', r.dataset.topic === id));
  const d = await api('/api/v1/topics/' + encodeURIComponent(id));
  const t = d.topic;
  document.getElementById('topic').hidden = false;
  const title = document.getElementById('topic-title');
  title.replaceChildren(d.title || d.keywords.join(' '), ' ', badge(d.level), ...judgement(t));
  document.getElementById('topic-meta').textContent = '关键词：' + d.keywords.join('、') + ' · 阶段：'
    + (LIFECYCLE[t.lifecycle] || t.lifecycle) + ' · 首次出现 ' + time(t.first_seen_at)
    + ' · 峰值热度 ' + d.peak.heat.toFixed(1) + '（' + time(d.peak.window_end) + '）'
    + (t.category_cn ? ' · 领域：' + t.category_cn + (t.category_confidence != null
      ? '（置信度 ' + t.category_confidence.toFixed(2) + '）' : '')
      + (t.category_evidence.length ? '，依据：' + t.category_evidence.join('、') : '') : '');

  const series = d.series.slice().reverse();
  chart('topic-trend').setOption({
    animation: false, useUTC: true, tooltip: {trigger: 'axis'}, legend: {data: ['热度', '发帖']},
    grid: {left: 45, right: 45, top: 30, bottom: 30},
    xAxis: {type: 'time'}, yAxis: [{type: 'value', name: '热度'}, {type: 'value', name: '发帖'}],
    series: [
      {name: '热度', type: 'line', showSymbol: false, data: series.map(p => [chinaTime(p.window_end), p.heat])},
      {name: '发帖', type: 'bar', yAxisIndex: 1, data: series.map(p => [chinaTime(p.window_end), p.post_count])},
    ],
  }, true);
  chart('topic-sentiment').setOption({
    animation: false, useUTC: true, tooltip: {trigger: 'axis'}, legend: {data: ['负面', '其他']},
    grid: {left: 45, right: 20, top: 30, bottom: 30}, xAxis: {type: 'time'}, yAxis: {type: 'value'},
    series: [
      {name: '负面', type: 'line', stack: 'posts', areaStyle: {}, showSymbol: false, color: '#d11a2a',
        data: series.map(p => [chinaTime(p.window_end), p.negative_count])},
      {name: '其他', type: 'line', stack: 'posts', areaStyle: {}, showSymbol: false, color: '#91cc75',
        data: series.map(p => [chinaTime(p.window_end), p.post_count - p.negative_count])},
    ],
  }, true);
  chart('topic-platforms').setOption({
    animation: false, tooltip: {trigger: 'item'},
    series: [{type: 'pie', radius: ['35%', '65%'],
      data: Object.entries(d.platforms).filter(([, n]) => n > 0).map(([name, value]) => ({name, value}))}],
  }, true);

  await showCase(id);

  const posts = document.getElementById('topic-posts');
  posts.replaceChildren(...d.representative_posts.map(p =>
    el('li', {}, p.url && /^https?:\/\//.test(p.url) ? el('a', {href: p.url, rel: 'noopener'}, p.excerpt || p.id)
      : (p.excerpt || p.id))));
  const alerts = document.getElementById('topic-alerts');
  alerts.replaceChildren(...(d.alerts.length ? d.alerts.map(a => el('li', {}, badge(a.level), ' ',
    (a.report_seq === 1 ? '首报' : '续报 #' + a.report_seq) + ' · ' + time(a.detected_at) + ' · '
    + a.post_count + ' 帖，负面 ' + Math.round(a.negative_ratio * 100) + '%')) : [el('li', {}, '无')]));
}

const CASE_DEADLINES = {acknowledge: '签收', respond: '官方回应', close: '办结', after_watch: '后续监测', review: '复盘'};

// The topic's case (一情一档): its status, unit, the next or missed deadline, the response's effect.
// The ledger is secondary on this page: a topic without a case, or a service without the case
// routes, shows a line saying so instead of failing the page.
async function showCase(id) {
  const line = document.getElementById('topic-case');
  let c;
  try {
    c = await api('/api/v1/cases/' + encodeURIComponent(id));
  } catch (e) {
    line.textContent = '案件：未立案';
    return;
  }
  const open = c.deadlines.filter(d => d.cycle === c.cycle && (d.status === 'pending' || d.status === 'missed'));
  const next = open.map(d => (d.status === 'missed' ? '已逾期：' : '时限：') + CASE_DEADLINES[d.kind] + ' ' + time(d.due_at));
  line.replaceChildren(el('span', {class: 'case-status ' + c.status, 'data-status': c.status}, '案件：' + c.status_cn),
    c.overdue ? el('span', {class: 'badge overdue'}, '逾期') : '',
    ' · 责任单位：' + (c.unit || '未指派') + (next.length ? ' · ' + next.join('，') : '')
    + (c.response_effect ? ' · 回应效果：' + c.response_effect.summary : '')
    + (c.organizations && c.organizations.length ? ' · 涉事单位：' + c.organizations.join('、') : '')
    + (c.assessment ? ' · 研判：' + c.assessment : '')
    + (c.measures && c.measures.length ? ' · 处置措施 ' + c.measures.length + ' 项' : ''));
}

async function loadOverdue() {
  const rows = document.getElementById('overdue-rows');
  try {
    const page = await api('/api/v1/cases?overdue=true&size=10');
    rows.replaceChildren(...(page.items.length ? page.items.map(c => {
      const missed = c.deadlines.filter(d => d.cycle === c.cycle && d.status === 'missed').map(d => CASE_DEADLINES[d.kind]);
      const li = el('li', {class: 'overdue-case', 'data-case': c.case_id}, badge(c.level), ' ', c.title,
        ' · ' + (c.unit || '未指派') + ' · 逾期：' + missed.join('、'));
      li.addEventListener('click', () => showTopic(c.topic_id));
      return li;
    }) : [el('li', {}, '无逾期案件')]));
    return page.total;
  } catch (e) {
    rows.replaceChildren(el('li', {}, '案件台账不可用：' + e.message));
    return 0;
  }
}

async function openMonthly() {
  const html = await api('/api/v1/reports/monthly?format=html&month=' + new Date(Date.now() + 8 * 3600 * 1000)
    .toISOString().slice(0, 7));
  window.open(URL.createObjectURL(new Blob([html], {type: 'text/html'})), '_blank');
}

async function loadAlerts() {
  const from = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  const levels = ['blue', 'yellow', 'orange', 'red'];
  const totals = await Promise.all(levels.map(l =>
    api('/api/v1/alerts?' + new URLSearchParams({level: l, from, size: '1'})).then(p => p.total)));
  chart('alerts-levels').setOption({
    animation: false, tooltip: {}, grid: {left: 40, right: 10, top: 20, bottom: 30},
    xAxis: {type: 'category', data: levels.map(l => LEVELS[l].cn)}, yAxis: {type: 'value', minInterval: 1},
    series: [{type: 'bar', name: '预警', data: levels.map((l, i) => ({value: totals[i],
      itemStyle: {color: LEVELS[l].colour}}))}],
  });
  const page = await api('/api/v1/alerts?size=10');
  const rows = document.getElementById('alert-rows');
  rows.replaceChildren(...(page.items.length ? page.items.map(a => {
    const li = el('li', {}, badge(a.level), ' ', time(a.detected_at) + ' ' + (a.report_seq === 1 ? '首报 ' : '续报 ')
      + (a.title || a.keywords.join(' ')), ...judgement(a));
    li.addEventListener('click', () => showTopic(a.topic_id));
    return li;
  }) : [el('li', {}, '最近没有预警')]));
  return totals.reduce((a, b) => a + b, 0);
}

// The report in progress: the one whose period (ending 17:00 China time) contains now
function reportInProgress() {
  const china = new Date(Date.now() + 8 * 3600 * 1000);
  if (china.getUTCHours() >= 17) china.setUTCDate(china.getUTCDate() + 1);
  return china.toISOString().slice(0, 10);
}

async function openReport(kind) {
  const html = await api('/api/v1/reports/' + kind + '?format=html&date=' + reportInProgress());
  // the report is opened from a blob: its relative links need this origin as their base
  const page = html.replace('<head>', '<head><base href="' + location.origin + '/">');
  window.open(URL.createObjectURL(new Blob([page], {type: 'text/html'})), '_blank');
}

async function load() {
  document.body.dataset.state = 'loading';
  try {
    const items = await loadHot();
    const id = selectedTopic || (items[0] && items[0].topic_id);
    if (id) await showTopic(id);
    const alertCount = await loadAlerts();
    const overdue = await loadOverdue();
    status('热门话题 ' + items.length + ' 个 · 24 小时预警 ' + alertCount + ' 条 · 逾期案件 ' + overdue + ' 件 · 更新于 '
      + new Date().toLocaleTimeString('zh-CN', {hour12: false}));
    document.body.dataset.state = 'ready';
  } catch (e) {
    status('出错：' + e.message);
    document.body.dataset.state = 'error';
  }
}

readFragment();
document.getElementById('hot-filters').addEventListener('change', load);
document.getElementById('change-token').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  load();
});
document.getElementById('daily-report').addEventListener('click', () => openReport('daily').catch(e => status(e.message)));
document.getElementById('weekly-report').addEventListener('click', () => openReport('weekly').catch(e => status(e.message)));
document.getElementById('monthly-bulletin').addEventListener('click', () => openMonthly().catch(e => status(e.message)));
window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
window.addEventListener('hashchange', () => { readFragment(); if (selectedTopic) showTopic(selectedTopic); });
load();
setInterval(() => { if (document.body.dataset.state !== 'loading') load(); }, 60000);
