/*
 * 小二 agent console. Plain JavaScript, no build step. All text that comes
 * from shoppers (or from anyone) is inserted with textContent via h();
 * innerHTML is never used with data. The page runs under a strict CSP.
 */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var csrf = '', me = null, current = null, currentView = null, es = null, cannedCache = [], agentsCache = [];
  var seen = {};

  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      var v = attrs[k];
      if (v == null) continue;
      if (k === 'class') el.className = v;
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v);
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null || c === false) continue;
      el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

  function api(method, path, body) {
    var opt = { method: method, headers: {}, credentials: 'same-origin' };
    if (method !== 'GET') opt.headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) { opt.headers['Content-Type'] = 'application/json'; opt.body = JSON.stringify(body); }
    return fetch('/console/api' + path, opt).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (r.status === 401 && path !== '/login') { showLogin(); }
        if (!r.ok) { var e = new Error((j.error && j.error.message) || ('HTTP ' + r.status)); e.status = r.status; throw e; }
        return j;
      });
    });
  }

  function flash(id, text, bad) {
    var el = $(id); el.textContent = text; el.className = 'result' + (bad ? ' bad' : '');
    clearTimeout(el._t); el._t = setTimeout(function () { el.textContent = ''; }, 6000);
  }

  var ROLE = { agent: '客服', supervisor: '主管', admin: '管理员' };
  var STATUS = { bot: '机器人', waiting: '排队中', human: '人工中', closed: '已结束' };
  var EMO = { angry: '愤怒', anxious: '焦急', disappointed: '失望', satisfied: '满意', neutral: '平静' };
  var atLeast = function (role, min) { var r = ['agent', 'supervisor', 'admin']; return r.indexOf(role) >= r.indexOf(min); };

  // --- login ---
  function showLogin() {
    if (es) { es.close(); es = null; }
    $('app-view').hidden = true; $('login-view').hidden = false;
  }
  $('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    api('POST', '/login', { login: $('login-name').value, password: $('login-password').value })
      .then(function (res) { $('login-password').value = ''; $('login-error').textContent = ''; start(res); })
      .catch(function (err) { $('login-error').textContent = err.message; });
  });
  $('logout').addEventListener('click', function () { api('POST', '/logout').finally(showLogin); });

  function start(res) {
    csrf = res.csrf; me = res.agent;
    $('login-view').hidden = true; $('app-view').hidden = false;
    $('me-name').textContent = me.name + '(' + (ROLE[me.role] || me.role) + ')';
    $('tab-btn-admin').hidden = !atLeast(me.role, 'supervisor');
    var sel = clear($('resolution'));
    loadQueue(); loadAgents(); loadCanned(); connect();
    Object.keys(RES).forEach(function (k) { sel.appendChild(h('option', { value: k }, RES[k])); });
  }
  var RES = { answered: '已解答', order_fixed: '订单问题已处理', aftersales: '已建售后单', compensated: '已补偿', sale: '促成下单', no_response: '顾客无回应', invalid: '无效咨询', escalated: '已升级处理' };

  // --- live events ---
  var queueTimer = null;
  function refreshQueueSoon() { clearTimeout(queueTimer); queueTimer = setTimeout(loadQueue, 150); }
  function connect() {
    if (es) es.close();
    es = new EventSource('/console/api/events');
    es.addEventListener('open', function () { $('live').className = 'live on'; refreshQueueSoon(); });
    es.addEventListener('error', function () { $('live').className = 'live'; });
    es.addEventListener('conversation', function (e) {
      var ev = JSON.parse(e.data);
      refreshQueueSoon();
      if (current && ev.conversation_id === current) openConversation(current, true);
    });
    es.addEventListener('message', function (e) {
      var ev = JSON.parse(e.data);
      if (current && ev.conversation_id === current && ev.message) {
        renderMessage(ev.message);
        if (ev.message.role === 'customer') loadCopilot();
      }
      refreshQueueSoon();
    });
  }

  // --- queue ---
  function item(it) {
    var c = it.conversation;
    var li = h('li', { class: 'item' + (c.id === current ? ' active' : ''), 'data-id': c.id, onclick: function () { openConversation(c.id); } },
      h('div', { class: 'item-top' },
        h('span', { class: 'name' }, it.customer), it.member_level ? h('span', { class: 'tag' }, it.member_level) : null,
        h('span', { class: 'score', title: (it.urgency.reasons || []).join('、') }, '紧急 ' + it.urgency.score)),
      h('div', { class: 'summary' }, it.packet.summary || '(无摘要)'),
      h('div', { class: 'reasons' }, (it.urgency.reasons || []).join(' · '), it.agent_name ? ' · ' + it.agent_name : ''));
    return li;
  }
  function loadQueue() {
    return api('GET', '/queue').then(function (q) {
      var w = clear($('waiting-list')), m = clear($('mine-list')), o = clear($('others-list'));
      q.waiting.forEach(function (it) { w.appendChild(item(it)); });
      q.mine.forEach(function (it) { m.appendChild(item(it)); });
      (q.others || []).forEach(function (it) { o.appendChild(item(it)); });
      $('waiting-count').textContent = q.waiting.length; $('mine-count').textContent = q.mine.length;
      $('others-title').hidden = !(q.others && q.others.length);
      if (!current && q.mine.length) openConversation(q.mine[0].conversation.id);
    }).catch(function () {});
  }

  // --- conversation ---
  function openConversation(id, keepScroll) {
    var switching = id !== current;
    current = id;
    if (switching) { seen = {}; clear($('messages')); clear($('suggestions')); clear($('snippets')); }
    Array.prototype.forEach.call(document.querySelectorAll('.item'), function (li) { li.classList.toggle('active', li.getAttribute('data-id') === id); });
    return api('GET', '/conversations/' + encodeURIComponent(id)).then(function (v) {
      if (current !== id) return;
      currentView = v;
      $('conv-empty').hidden = true; $('conv-body').hidden = false;
      renderPacket(v);
      v.messages.forEach(renderMessage);
      var closed = v.conversation.status === 'closed';
      $('reply-send').disabled = closed || !v.can_act;
      $('act-pick').hidden = v.conversation.agent_id === me.id || closed;
      $('act-close').disabled = closed; $('act-handback').disabled = closed;
      loadCustomer(v.conversation.customer_id);
      if (switching) loadCopilot();
    }).catch(function (e) { flash('action-result', e.message, true); });
  }

  function renderPacket(v) {
    var c = v.conversation, p = v.packet, el = clear($('packet'));
    el.appendChild(h('div', { class: 'packet-head' },
      h('strong', null, v.customer), v.member_level ? h('span', { class: 'tag' }, v.member_level) : null,
      h('span', { class: 'status status-' + c.status }, STATUS[c.status] || c.status),
      c.agent_id ? h('span', { class: 'muted' }, '· ' + (v.agent_name || c.agent_id)) : null,
      c.csat ? h('span', { class: 'tag' }, '评分 ' + c.csat + '★') : null,
      h('span', { class: 'score' }, '紧急度 ' + v.urgency.score)));
    el.appendChild(h('div', { class: 'packet-summary', id: 'packet-summary' }, '转人工摘要:' + (p.summary || '(无)')));
    el.appendChild(h('div', { class: 'packet-line' }, '意图:' + ((p.intents || []).join(' → ') || '—')));
    el.appendChild(h('div', { class: 'packet-line' }, '情绪轨迹:' + ((p.emotion_trajectory || []).map(function (x) { return EMO[x] || x; }).join(' → ') || '—')));
    if (v.urgency.reasons.length) el.appendChild(h('div', { class: 'packet-line muted' }, '排序依据:' + v.urgency.reasons.join('、')));
  }

  function payloadOf(m) { return (m.payload && typeof m.payload === 'object') ? m.payload : {}; }
  function renderMessage(m) {
    if (seen[m.seq]) return;
    seen[m.seq] = true;
    var p = payloadOf(m);
    var who = { customer: '顾客', bot: '机器人小二', agent: '客服' + (p.agent_name ? ' ' + p.agent_name : ''), system: '系统', note: '内部备注' + (p.agent_name ? ' · ' + p.agent_name : '') }[m.role] || m.role;
    var body = h('div', { class: 'text' });
    if (p.image && /^\/api\/v1\/uploads\/[A-Za-z0-9_.]+$/.test(p.image)) body.appendChild(h('img', { src: p.image, alt: '顾客图片', class: 'photo' }));
    else body.textContent = m.text;
    var el = h('div', { class: 'msg msg-' + m.role, 'data-seq': m.seq }, h('div', { class: 'who' }, who, h('span', { class: 'time' }, new Date(m.created_at).toLocaleTimeString())), body);
    if (p.cards) p.cards.forEach(function (c) { el.appendChild(h('div', { class: 'card' }, String(c.title || ''), c.subtitle ? ' · ' + c.subtitle : '', c.status ? ' · ' + c.status : '')); });
    var list = $('messages');
    // Keep seq order even if a live event overtakes the initial load.
    var after = null;
    Array.prototype.some.call(list.children, function (n) { if (+n.getAttribute('data-seq') > m.seq) { after = n; return true; } return false; });
    list.insertBefore(el, after);
    list.scrollTop = list.scrollHeight;
  }

  // --- copilot ---
  function loadCopilot() {
    if (!current) return;
    var id = current;
    api('GET', '/conversations/' + encodeURIComponent(id) + '/copilot').then(function (cp) {
      if (id !== current) return;
      var ul = clear($('suggestions'));
      cp.suggestions.forEach(function (s) {
        ul.appendChild(h('li', null, h('button', { type: 'button', class: 'suggestion', title: s.source, onclick: function () { $('reply-input').value = s.text; $('reply-input').focus(); } }, s.text)));
      });
      cp.canned.forEach(function (k) {
        ul.appendChild(h('li', null, h('button', { type: 'button', class: 'suggestion canned', onclick: function () { $('reply-input').value = k.text; } }, k.shortcut + ' ' + k.title)));
      });
      var sn = clear($('snippets'));
      cp.snippets.forEach(function (s) { sn.appendChild(h('details', null, h('summary', null, '📄 ' + s.title), h('p', null, s.text))); });
    }).catch(function () {});
  }

  // --- composer ---
  function send(path, text) {
    if (!current || !text.trim()) return Promise.resolve();
    return api('POST', '/conversations/' + encodeURIComponent(current) + path, { text: text }).then(function (res) {
      $('reply-input').value = ''; if (res.message) renderMessage(res.message);
    }).catch(function (e) { flash('action-result', e.message, true); });
  }
  $('reply-send').addEventListener('click', function () { send('/reply', $('reply-input').value); });
  $('note-send').addEventListener('click', function () { send('/notes', $('reply-input').value); });
  $('reply-input').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send('/reply', $('reply-input').value); }
  });
  $('reply-input').addEventListener('input', function () {
    var v = $('reply-input').value, menu = clear($('canned-menu'));
    var m = /^\/(\S*)$/.exec(v);
    if (!m) { menu.hidden = true; return; }
    cannedCache.filter(function (k) { return k.shortcut.indexOf(v) === 0 || k.title.indexOf(m[1]) >= 0; }).slice(0, 8).forEach(function (k) {
      menu.appendChild(h('li', null, h('button', { type: 'button', onclick: function () { $('reply-input').value = k.text; menu.hidden = true; $('reply-input').focus(); } }, k.shortcut + ' — ' + k.title)));
    });
    menu.hidden = !menu.children.length;
  });

  function act(path, body, okText) {
    if (!current) return;
    api('POST', '/conversations/' + encodeURIComponent(current) + path, body || {}).then(function () {
      flash('action-result', okText); openConversation(current, true); loadQueue();
    }).catch(function (e) { flash('action-result', e.message, true); });
  }
  $('act-pick').addEventListener('click', function () { act('/pick', {}, '已接入'); });
  $('act-handback').addEventListener('click', function () { act('/handback', {}, '已交回机器人'); });
  $('act-close').addEventListener('click', function () { act('/close', { resolution: $('resolution').value }, '会话已结束'); });
  $('act-transfer').addEventListener('click', function () { act('/transfer', { agent_id: $('transfer-to').value }, '已转接'); });
  $('act-coupon').addEventListener('click', function () {
    act('/actions/coupon', { amount: Number($('coupon-amount').value), reason: $('coupon-reason').value }, '优惠券已发放');
  });
  $('act-case').addEventListener('click', function () {
    act('/actions/case', { kind: $('case-kind').value, order_id: $('case-order').value, summary: $('case-summary').value }, '售后单已创建');
  });

  // --- customer 360 ---
  function loadCustomer(id) {
    var box = clear($('customer')), orders = clear($('case-order'));
    orders.appendChild(h('option', { value: '' }, '(不关联订单)'));
    if (!id) { box.appendChild(h('p', { class: 'muted' }, '匿名访客,未验证身份')); return; }
    api('GET', '/customers/' + encodeURIComponent(id)).then(function (c) {
      var cu = c.customer;
      box.appendChild(h('div', { class: 'profile' },
        h('strong', null, cu.nickname), h('span', { class: 'tag' }, c.member_label),
        h('div', { class: 'muted' }, (cu.province || '') + (cu.city || '') + ' · 积分 ' + (cu.points || 0) + (cu.phone_last4 ? ' · 尾号 ' + cu.phone_last4 : '')),
        (cu.tags || []).length ? h('div', { class: 'muted' }, '标签:' + cu.tags.join('、')) : null));
      box.appendChild(h('h3', null, '订单'));
      c.orders.forEach(function (o) {
        orders.appendChild(h('option', { value: o.id }, o.id + ' ' + o.status_label));
        var d = h('div', { class: 'order' }, h('div', null, h('strong', null, o.id), ' ', o.status_label, ' ¥' + o.total),
          h('div', { class: 'muted' }, (o.items || []).map(function (i) { return (i.name || i.product_id) + (i.color ? ' ' + i.color : '') + (i.size ? ' ' + i.size : '') + ' ×' + i.qty; }).join(';')));
        o.shipments.forEach(function (s) { d.appendChild(h('div', { class: 'muted' }, '🚚 ' + s.carrier + ' ' + s.tracking_no + ':' + (s.latest || s.status))); });
        box.appendChild(d);
      });
      if (!c.orders.length) box.appendChild(h('p', { class: 'muted' }, '无订单'));
      box.appendChild(h('h3', null, '售后中'));
      c.open_cases.forEach(function (k) {
        box.appendChild(h('div', { class: 'order' }, k.id + ' ' + (k.kind_label || k.kind) + ' · ' + (k.status_label || k.status) + ':' + k.summary,
          k.notes ? h('div', { class: 'muted' }, k.notes) : null));
      });
      if (!c.open_cases.length) box.appendChild(h('p', { class: 'muted' }, '无'));
      box.appendChild(h('h3', null, '历史会话'));
      c.conversations.forEach(function (p) {
        box.appendChild(h('div', { class: 'muted' }, new Date(p.created_at).toLocaleDateString() + ' ' + (STATUS[p.status] || p.status) + (p.summary ? ':' + p.summary : '') + (p.csat ? ' ' + p.csat + '★' : '')));
      });
    }).catch(function (e) { box.appendChild(h('p', { class: 'bad' }, e.message)); });
  }

  // --- agents, canned ---
  function loadAgents() {
    return api('GET', '/agents').then(function (res) {
      agentsCache = res.agents;
      var sel = clear($('transfer-to'));
      res.agents.forEach(function (a) { if (a.id !== me.id && !a.disabled) sel.appendChild(h('option', { value: a.id }, a.name + (a.online ? '(在线,' + a.load + ')' : '(离线)'))); });
      var t = clear($('agents-table'));
      t.appendChild(h('tr', null, h('th', null, '登录名'), h('th', null, '姓名'), h('th', null, '角色'), h('th', null, '在线'), h('th', null, '接待中'), h('th', null, '状态')));
      res.agents.forEach(function (a) {
        var toggle = me.role === 'admin' && a.id !== me.id ? h('button', { type: 'button', onclick: function () {
          api('PUT', '/agents/' + encodeURIComponent(a.id), { name: a.name, role: a.role, max_chats: a.max_chats, disabled: !a.disabled })
            .then(loadAgents).catch(function (e) { flash('admin-result', e.message, true); });
        } }, a.disabled ? '启用' : '停用') : null;
        t.appendChild(h('tr', null, h('td', null, a.login), h('td', null, a.name), h('td', null, ROLE[a.role] || a.role),
          h('td', null, a.online ? '是' : '否'), h('td', null, String(a.load)), h('td', null, a.disabled ? '已停用' : '正常', ' ', toggle)));
      });
    }).catch(function () {});
  }
  function loadCanned() {
    return api('GET', '/canned').then(function (res) {
      cannedCache = res.canned;
      var ul = clear($('canned-list'));
      res.canned.forEach(function (k) {
        ul.appendChild(h('li', null, h('code', null, k.shortcut), ' ', h('strong', null, k.title), ':', k.text, ' ',
          atLeast(me.role, 'supervisor') ? h('button', { type: 'button', onclick: function () { api('DELETE', '/canned/' + encodeURIComponent(k.id)).then(loadCanned); } }, '删除') : null));
      });
    }).catch(function () {});
  }

  // --- admin tab ---
  Array.prototype.forEach.call(document.querySelectorAll('.tab'), function (b) {
    b.addEventListener('click', function () {
      Array.prototype.forEach.call(document.querySelectorAll('.tab'), function (x) { x.classList.toggle('active', x === b); });
      $('tab-chats').hidden = b.getAttribute('data-tab') !== 'chats';
      $('tab-admin').hidden = b.getAttribute('data-tab') !== 'admin';
      if (b.getAttribute('data-tab') === 'admin') loadAdmin();
    });
  });
  function formData(f) { var o = {}; Array.prototype.forEach.call(f.elements, function (e) { if (e.name) o[e.name] = e.value; }); return o; }
  function loadAdmin() {
    loadAgents(); loadCanned();
    api('GET', '/boundaries').then(function (b) {
      var l = b.bot_limits, f = clear($('limits-form'));
      var field = function (name, label, val) { return h('label', null, label + ' ', h('input', { name: name, value: val == null ? '' : String(val) })); };
      f.appendChild(field('max_compensation', '补偿上限(元)', l.max_compensation));
      f.appendChild(field('max_coupon', '优惠券上限(元)', l.max_coupon));
      f.appendChild(field('max_auto_refund', '自动退款上限(元)', l.max_auto_refund));
      f.appendChild(field('max_bot_turns_unresolved', '连续未解决几轮转人工', l.max_bot_turns_unresolved));
      f.appendChild(field('always_human_intents', '必须人工的意图(逗号分隔)', (l.always_human_intents || []).join(',')));
      if (me.role === 'admin' && b.editable) f.appendChild(h('button', null, '保存'));
    }).catch(function (e) { flash('admin-result', e.message, true); });
    api('GET', '/knowledge').then(function (r) {
      var ul = clear($('docs-list'));
      r.documents.forEach(function (d) {
        ul.appendChild(h('li', null, h('strong', null, d.title), ' ', h('span', { class: 'tag' }, KIND[d.kind] || d.kind), ' ',
          h('span', { class: 'muted' }, d.body), ' ',
          h('button', { type: 'button', onclick: function () {
            if (confirm('删除文档《' + d.title + '》?')) api('DELETE', '/knowledge/' + encodeURIComponent(d.id)).then(loadAdmin);
          } }, '删除')));
      });
      if (!r.documents.length) ul.appendChild(h('li', { class: 'muted' }, '暂无'));
    }).catch(function (e) { clear($('docs-list')).appendChild(h('li', { class: 'muted' }, e.message)); });
    loadFAQs();
    loadUnanswered();
  }
  var KIND = { product_page: '商品页', sop: 'SOP', faq: 'FAQ', conversation: '优秀对话', transcript: '直播讲解', note: '笔记' };

  function loadFAQs() {
    api('GET', '/faqs').then(function (r) {
      var ul = clear($('faq-list'));
      r.faqs.forEach(function (f) {
        ul.appendChild(h('li', null, h('strong', null, f.question),
          (f.tags || []).indexOf('taught') >= 0 ? h('span', { class: 'tag' }, '教会的') : null,
          h('div', { class: 'muted' }, f.answer),
          h('button', { type: 'button', onclick: function () {
            if (confirm('删除FAQ「' + f.question + '」?')) api('DELETE', '/faqs/' + encodeURIComponent(f.id)).then(loadFAQs);
          } }, '删除')));
      });
      if (!r.faqs.length) ul.appendChild(h('li', { class: 'muted' }, '暂无'));
    }).catch(function (e) { clear($('faq-list')).appendChild(h('li', { class: 'muted' }, e.message)); });
  }

  function loadUnanswered() {
    api('GET', '/unanswered?status=open').then(function (r) {
      var ul = clear($('unanswered-list'));
      r.unanswered.forEach(function (u) {
        var ans = h('textarea', { rows: '2', placeholder: '标准答案(顾客会看到这段话)', maxlength: '2000' });
        var target = h('select', { 'aria-label': '存到哪里' }, h('option', { value: '' }, '存为新FAQ'));
        (u.related || []).forEach(function (d) { target.appendChild(h('option', { value: d.id }, '追加到《' + d.title + '》')); });
        var others = (u.examples || []).filter(function (x) { return x !== u.question; });
        ul.appendChild(h('li', { class: 'unanswered-item' },
          h('strong', null, u.question), h('span', { class: 'muted' }, ' ×' + u.count + ' · 最近 ' + fmtTime(u.last_seen)),
          others.length ? h('div', { class: 'examples' }, '其他问法:' + others.join(' / ')) : null,
          ans,
          h('div', { class: 'inline' }, target,
            h('button', { type: 'button', onclick: function () {
              if (!ans.value.trim()) { flash('admin-result', '请先写答案', true); ans.focus(); return; }
              api('POST', '/unanswered/' + u.id + '/teach', { question: u.question, answer: ans.value, document_id: target.value })
                .then(function () { flash('admin-result', '已教会小二:' + u.question); loadAdmin(); tryQuestion(u.question, ''); })
                .catch(function (e) { flash('admin-result', e.message, true); });
            } }, '教会小二'),
            h('button', { type: 'button', onclick: function () { tryQuestion(u.question, ''); } }, '试问'),
            h('button', { type: 'button', onclick: function () { api('POST', '/unanswered/' + u.id + '/dismiss').then(loadUnanswered); } }, '忽略'))));
      });
      if (!r.unanswered.length) ul.appendChild(h('li', { class: 'muted' }, '暂无'));
    }).catch(function (e) { clear($('unanswered-list')).appendChild(h('li', { class: 'muted' }, e.message)); });
  }

  function fmtTime(t) { var d = new Date(t); return isNaN(d) ? '' : d.toLocaleString('zh-CN', { hour12: false }); }

  // --- trial question: what the knowledge base answers and why ---
  // A native <meter> (inline styles are blocked by the console's CSP): below
  // the threshold it shows as suboptimal, above it as good.
  function meter(v, th) {
    return h('meter', { min: '0', max: '1', low: String(th), high: String(th), optimum: '1', value: String(Math.min(1, v)),
      title: '置信度 ' + v.toFixed(2) + ' / 门槛 ' + th.toFixed(2) });
  }
  // section is a passage's heading path without the document title it starts with.
  function section(p) {
    var hd = p.heading || '';
    if (hd.indexOf(p.title) === 0) hd = hd.slice(p.title.length).replace(/^\s*>\s*/, '');
    return hd;
  }
  function tryQuestion(q, productID) {
    var f = $('try-form'); f.elements.q.value = q; f.elements.product_id.value = productID || '';
    var out = clear($('try-result'));
    out.appendChild(h('p', { class: 'muted' }, '查询中…'));
    var path = '/knowledge/try?q=' + encodeURIComponent(q) + (productID ? '&product_id=' + encodeURIComponent(productID) : '');
    return api('GET', path).then(function (r) {
      clear(out);
      var box = h('div', { class: 'trial' });
      if (r.found) {
        box.appendChild(h('div', null, h('span', { class: 'verdict yes' }, '会回答'), ' 置信度 ' + r.confidence.toFixed(2) + ' ≥ 门槛 ' + r.threshold.toFixed(2) +
          (r.source ? ' · 来自《' + r.source.title + '》' : '')));
        box.appendChild(h('blockquote', null, r.text));
      } else {
        box.appendChild(h('div', null, h('span', { class: 'verdict no' }, '不会直接回答'), ' 最好的一段置信度 ' + r.confidence.toFixed(2) + ' < 门槛 ' + r.threshold.toFixed(2) +
          ':小二会说需要确认并记入未解答问题。'));
        if (r.suggestions && r.suggestions.length) box.appendChild(h('div', null, '会提示「您是不是想问」:' + r.suggestions.join(' / ')));
      }
      var t = h('table', null, h('tr', null, h('th', null, '#'), h('th', null, '资料段落'), h('th', null, '置信度'), h('th', null, '得分')));
      r.passages.forEach(function (p, i) {
        t.appendChild(h('tr', null, h('td', null, String(i + 1)),
          h('td', null, h('strong', null, p.title), section(p) ? h('span', { class: 'muted' }, ' › ' + section(p)) : null, ' ', h('span', { class: 'tag' }, KIND[p.kind] || p.kind),
            h('div', null, p.text.length > 160 ? p.text.slice(0, 160) + '…' : p.text), h('div', { class: 'explain' }, p.explain)),
          h('td', null, meter(p.confidence, r.threshold), ' ' + p.confidence.toFixed(2)),
          h('td', null, p.score.toFixed(2))));
      });
      if (!r.passages.length) t.appendChild(h('tr', null, h('td', { colspan: '4', class: 'muted' }, '没有任何资料提到这些词')));
      box.appendChild(t);
      out.appendChild(box);
      out.parentNode.scrollIntoView({ block: 'start' });
    }).catch(function (e) { clear(out).appendChild(h('p', { class: 'result bad' }, e.message)); });
  }
  $('try-form').addEventListener('submit', function (e) {
    e.preventDefault();
    tryQuestion(e.target.elements.q.value.trim(), e.target.elements.product_id.value.trim());
  });
  $('file-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var form = e.target, file = form.elements.file.files[0];
    if (!file) return;
    if (file.size > 16 * 1024 * 1024) { flash('admin-result', file.name + ' 超过 16 MB', true); return; }
    var rd = new FileReader();
    rd.onload = function () {
      var b64 = String(rd.result).replace(/^data:[^,]*,/, '');
      api('POST', '/knowledge/files', { name: file.name, content_base64: b64,
        product_ids: form.elements.product_ids.value.split(/[,,\s]+/).filter(Boolean) })
        .then(function (r) {
          flash('admin-result', '已导入 ' + file.name + ':' + (r.documents || []).length + ' 篇文档、' + (r.faqs || []).length + ' 条FAQ' +
            ((r.removed || []).length ? ',删除旧条目 ' + r.removed.length + ' 条' : ''));
          form.reset(); loadAdmin();
        })
        .catch(function (err) { flash('admin-result', file.name + ':' + err.message, true); });
    };
    rd.onerror = function () { flash('admin-result', '读取文件失败:' + file.name, true); };
    rd.readAsDataURL(file);
  });
  $('limits-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var d = formData(e.target);
    api('PUT', '/boundaries', {
      max_compensation: Number(d.max_compensation) || 0, max_coupon: Number(d.max_coupon) || 0, max_auto_refund: Number(d.max_auto_refund) || 0,
      max_bot_turns_unresolved: Number(d.max_bot_turns_unresolved) || 0,
      always_human_intents: d.always_human_intents.split(/[,,\s]+/).filter(Boolean)
    }).then(function () { flash('admin-result', '已保存'); }).catch(function (err) { flash('admin-result', err.message, true); });
  });
  $('agent-form').addEventListener('submit', function (e) {
    e.preventDefault();
    api('POST', '/agents', formData(e.target)).then(function () { e.target.reset(); flash('admin-result', '已添加'); loadAgents(); })
      .catch(function (err) { flash('admin-result', err.message, true); });
  });
  $('canned-form').addEventListener('submit', function (e) {
    e.preventDefault();
    api('POST', '/canned', formData(e.target)).then(function () { e.target.reset(); loadCanned(); })
      .catch(function (err) { flash('admin-result', err.message, true); });
  });
  $('doc-form').addEventListener('submit', function (e) {
    e.preventDefault();
    api('POST', '/knowledge', formData(e.target)).then(function () { e.target.reset(); loadAdmin(); })
      .catch(function (err) { flash('admin-result', err.message, true); });
  });

  // --- boot ---
  api('GET', '/me').then(start).catch(showLogin);
})();
