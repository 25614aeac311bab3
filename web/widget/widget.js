/*
 * 小二 Xiaoer chat widget. A merchant embeds it with one tag:
 *
 *   <script src="https://YOUR-XIAOER/widget.js" async
 *           data-product-id="P-COAT-01"
 *           data-customer-id="C-1001" data-identity-sig="hex HMAC from your server"></script>
 *
 * Everything the shopper or the shop types is inserted with textContent,
 * never as HTML. Live updates come over Server-Sent Events; each message has
 * a sequence number, so reconnects resume without gaps or duplicates.
 */
(function () {
  'use strict';
  if (window.__xiaoerWidget) return;
  window.__xiaoerWidget = true;

  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var base = new URL(script.src, location.href).origin;
  var ds = script.dataset || {};
  var cfg = {
    productId: ds.productId || '',
    customerId: ds.customerId || '',
    identitySig: ds.identitySig || '',
    title: ds.title || '小二客服',
    open: ds.open === 'true'
  };
  var MAX_UPLOAD = 5 * 1024 * 1024;
  var IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
  var storeKey = 'xiaoer:conv:' + (cfg.customerId || 'anon');

  function load(key) { try { return JSON.parse(localStorage.getItem(key) || 'null'); } catch (e) { return null; } }
  function save(key, v) { try { localStorage.setItem(key, JSON.stringify(v)); } catch (e) { /* private mode */ } }
  function rid(p) {
    var a = new Uint8Array(12); (window.crypto || window.msCrypto).getRandomValues(a);
    return p + Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  var visitor = load('xiaoer:visitor');
  if (!visitor) { visitor = rid('v_'); save('xiaoer:visitor', visitor); }

  // h builds an element; string children become text nodes (never HTML).
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'class') el.className = attrs[k];
      else if (k === 'text') el.textContent = attrs[k];
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), attrs[k]);
      else el.setAttribute(k, attrs[k]);
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null) continue;
      el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return el;
  }

  var css = h('link', { rel: 'stylesheet', href: base + '/widget.css' });
  document.head.appendChild(css);

  // --- DOM ---
  var launcher = h('button', { id: 'xiaoer-launcher', class: 'xiaoer-launcher', type: 'button', 'aria-label': '打开客服聊天' }, '💬 咨询客服');
  var badge = h('span', { class: 'xiaoer-badge', hidden: '' });
  launcher.appendChild(badge);
  var statusEl = h('div', { class: 'xiaoer-status', id: 'xiaoer-status' }, '智能客服小二为您服务');
  var closeBtn = h('button', { class: 'xiaoer-close', type: 'button', 'aria-label': '关闭' }, '×');
  var header = h('div', { class: 'xiaoer-header' }, h('div', null, h('div', { class: 'xiaoer-title' }, cfg.title), statusEl), closeBtn);
  var humanBar = h('div', { class: 'xiaoer-human', id: 'xiaoer-human', hidden: '' });
  var list = h('div', { class: 'xiaoer-messages', id: 'xiaoer-messages', role: 'log', 'aria-live': 'polite' });
  var quick = h('div', { class: 'xiaoer-quick', id: 'xiaoer-quick' });
  var input = h('textarea', { id: 'xiaoer-input', class: 'xiaoer-input', rows: '1', maxlength: '2000', placeholder: '请输入您的问题,例如:有M码吗?', 'aria-label': '输入消息' });
  var sendBtn = h('button', { id: 'xiaoer-send', class: 'xiaoer-send', type: 'button' }, '发送');
  var file = h('input', { type: 'file', accept: IMAGE_TYPES.join(','), hidden: '', id: 'xiaoer-file' });
  var photoBtn = h('button', { class: 'xiaoer-photo', type: 'button', title: '发送图片(售后照片,最大5MB)', 'aria-label': '发送图片' }, '📷');
  var humanBtn = h('button', { class: 'xiaoer-ask-human', id: 'xiaoer-ask-human', type: 'button' }, '转人工');
  var composer = h('div', { class: 'xiaoer-composer' }, photoBtn, file, input, sendBtn);
  var notice = h('div', { class: 'xiaoer-notice', id: 'xiaoer-notice', hidden: '' });
  var csat = h('div', { class: 'xiaoer-csat', id: 'xiaoer-csat', hidden: '' });
  var tools = h('div', { class: 'xiaoer-tools' }, humanBtn);
  var panel = h('div', { id: 'xiaoer-panel', class: 'xiaoer-panel', hidden: '', role: 'dialog', 'aria-label': '客服聊天' },
    header, humanBar, list, notice, csat, quick, tools, composer);
  var root = h('div', { class: 'xiaoer-root', id: 'xiaoer-root' }, panel, launcher);
  function mount() { document.body.appendChild(root); if (cfg.open) openPanel(); }

  // --- state ---
  var conv = load(storeKey);   // {id, token, product}
  var lastSeq = 0;
  var seen = {};               // seq -> true
  var pending = {};            // client_msg_id -> element
  var es = null, retry = 0, status = 'bot', unread = 0, opened = false;

  function showNotice(text) {
    notice.textContent = text; notice.hidden = false;
    clearTimeout(showNotice.t); showNotice.t = setTimeout(function () { notice.hidden = true; }, 5000);
  }

  function api(method, path, body, isForm) {
    var headers = {};
    if (conv && conv.token) headers.Authorization = 'Bearer ' + conv.token;
    if (body && !isForm) headers['Content-Type'] = 'application/json';
    return fetch(base + path, { method: method, headers: headers, body: isForm ? body : (body ? JSON.stringify(body) : undefined) })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          if (!r.ok) { var e = new Error((j.error && j.error.message) || ('HTTP ' + r.status)); e.status = r.status; e.code = j.error && j.error.code; throw e; }
          return j;
        });
      });
  }

  function startConversation() {
    var body = { visitor_id: visitor, product_id: cfg.productId };
    if (cfg.customerId && cfg.identitySig) { body.customer_id = cfg.customerId; body.identity_sig = cfg.identitySig; }
    return api('POST', '/api/v1/conversations', body).catch(function (e) {
      if (e.code === 'identity' || e.code === 'unknown_customer') {
        // The page's identity did not verify: chat anonymously rather than not at all.
        delete body.customer_id; delete body.identity_sig;
        return api('POST', '/api/v1/conversations', body);
      }
      throw e;
    }).then(function (res) {
      conv = { id: res.conversation.id, token: res.token, product: cfg.productId };
      save(storeKey, conv);
      resetView();
      setStatus(res.conversation.status);
      welcome();
      connect();
      return conv;
    });
  }

  function ensureConversation() {
    if (conv && conv.id) return Promise.resolve(conv);
    return startConversation();
  }

  function resetView() {
    list.textContent = ''; quick.textContent = ''; seen = {}; lastSeq = 0; pending = {};
    csat.hidden = true; humanBar.hidden = true;
  }

  function welcome() {
    list.appendChild(h('div', { class: 'xiaoer-msg xiaoer-msg-bot xiaoer-welcome' },
      h('div', { class: 'xiaoer-who' }, '小二'),
      h('div', { class: 'xiaoer-bubble' }, '您好,我是智能客服小二~ 尺码、库存、发货、物流、退换货都可以问我,需要人工随时说「转人工」。')));
  }

  function setStatus(s, agentName) {
    status = s;
    var closed = s === 'closed';
    input.disabled = closed; sendBtn.disabled = closed; photoBtn.disabled = closed;
    humanBtn.hidden = s !== 'bot';
    if (s === 'bot') { statusEl.textContent = '智能客服小二为您服务'; humanBar.hidden = true; }
    else if (s === 'waiting') { statusEl.textContent = '正在为您转接人工客服,请稍候…'; }
    else if (s === 'human') { statusEl.textContent = agentName ? ('人工客服「' + agentName + '」为您服务') : '人工客服为您服务'; }
    else if (closed) { statusEl.textContent = '会话已结束'; humanBar.hidden = true; showRating(); }
    panel.setAttribute('data-status', s);
  }

  function showHuman(name) {
    humanBar.textContent = '人工客服' + (name ? '「' + name + '」' : '') + '已接入';
    humanBar.hidden = false;
    setStatus('human', name);
  }

  function payloadOf(m) {
    if (!m.payload) return {};
    if (typeof m.payload === 'string') { try { return JSON.parse(m.payload); } catch (e) { return {}; } }
    return m.payload;
  }

  function renderCards(cards) {
    var wrap = h('div', { class: 'xiaoer-cards' });
    cards.forEach(function (c) {
      var card = h('div', { class: 'xiaoer-card xiaoer-card-' + String(c.type || 'info').replace(/[^a-z_]/g, '') },
        h('div', { class: 'xiaoer-card-title' }, String(c.title || '')));
      if (c.subtitle) card.appendChild(h('div', { class: 'xiaoer-card-sub' }, String(c.subtitle)));
      if (c.price) card.appendChild(h('div', { class: 'xiaoer-card-price' }, '¥' + String(c.price)));
      if (c.status) card.appendChild(h('div', { class: 'xiaoer-card-status' }, String(c.status)));
      (c.lines || []).forEach(function (l) { card.appendChild(h('div', { class: 'xiaoer-card-line' }, String(l))); });
      wrap.appendChild(card);
    });
    return wrap;
  }

  function renderQuick(replies) {
    quick.textContent = '';
    (replies || []).forEach(function (q) {
      quick.appendChild(h('button', { type: 'button', class: 'xiaoer-quick-btn', onclick: function () { send(String(q)); } }, String(q)));
    });
  }

  function bubbleFor(m, p) {
    var b = h('div', { class: 'xiaoer-bubble' });
    if (p.image && /^\/api\/v1\/uploads\/[A-Za-z0-9_.]+$/.test(p.image)) {
      b.appendChild(h('img', { class: 'xiaoer-image', src: base + p.image, alt: '图片' }));
    } else {
      b.textContent = m.text;
    }
    return b;
  }

  function render(m) {
    if (m.seq && seen[m.seq]) return;
    if (m.role === 'note') return;
    var p = payloadOf(m);
    var el;
    if (m.role === 'system') {
      el = h('div', { class: 'xiaoer-msg xiaoer-msg-system' }, h('span', null, m.text));
      if (p.event === 'agent_joined') showHuman(p.agent_name);
      if (p.event === 'handback') setStatus('bot');
      if (p.event === 'closed') setStatus('closed');
    } else if (m.role === 'customer') {
      el = h('div', { class: 'xiaoer-msg xiaoer-msg-customer' }, bubbleFor(m, p));
    } else {
      var who = m.role === 'agent' ? '人工客服' + (p.agent_name ? ' · ' + p.agent_name : '') : '小二';
      el = h('div', { class: 'xiaoer-msg xiaoer-msg-' + (m.role === 'agent' ? 'agent' : 'bot') },
        h('div', { class: 'xiaoer-who' }, who), bubbleFor(m, p));
      if (p.cards && p.cards.length) el.appendChild(renderCards(p.cards));
      if (m.role === 'agent' && status !== 'human') showHuman(p.agent_name);
    }
    if (m.seq) { el.setAttribute('data-seq', String(m.seq)); seen[m.seq] = true; if (m.seq > lastSeq) lastSeq = m.seq; }
    var mine = m.client_msg_id && pending[m.client_msg_id];
    if (mine) { list.replaceChild(el, mine); delete pending[m.client_msg_id]; }
    else list.appendChild(el);
    if (m.role === 'bot') renderQuick(p.quick_replies);
    else if (m.role !== 'customer') renderQuick([]);
    if (!opened && m.role !== 'customer') { unread++; badge.textContent = String(unread); badge.hidden = false; }
    list.scrollTop = list.scrollHeight;
  }

  // connect opens the event stream. EventSource reconnects by itself with
  // Last-Event-ID; if the server refused us, reopen with ?after= and backoff.
  function connect() {
    if (!conv || es) return;
    var url = base + '/api/v1/conversations/' + encodeURIComponent(conv.id) + '/events?token=' + encodeURIComponent(conv.token) + '&after=' + lastSeq;
    es = new EventSource(url);
    es.addEventListener('open', function () { retry = 0; });
    es.addEventListener('message', function (e) {
      try { var ev = JSON.parse(e.data); if (ev.message) render(ev.message); } catch (err) { /* ignore malformed */ }
    });
    es.addEventListener('conversation', function (e) {
      try {
        var ev = JSON.parse(e.data);
        if (ev.conversation && ev.conversation.status && ev.conversation.status !== status) {
          if (ev.conversation.status === 'human') showHuman(); else setStatus(ev.conversation.status);
        }
      } catch (err) { /* ignore */ }
    });
    es.addEventListener('error', function () {
      if (es && es.readyState === EventSource.CLOSED) {
        es = null;
        retry = Math.min(retry + 1, 6);
        setTimeout(checkAndReconnect, 500 * Math.pow(2, retry));
      }
    });
  }

  function checkAndReconnect() {
    if (!conv) return;
    api('GET', '/api/v1/conversations/' + encodeURIComponent(conv.id)).then(function (c) {
      setStatus(c.status); connect();
    }).catch(function (e) {
      if (e.status === 401 || e.status === 403 || e.status === 404) { conv = null; save(storeKey, null); }
      else setTimeout(checkAndReconnect, 4000);
    });
  }

  function restore() {
    if (!conv) return;
    api('GET', '/api/v1/conversations/' + encodeURIComponent(conv.id) + '/messages').then(function (res) {
      resetView();
      welcome();
      (res.messages || []).forEach(render);
      return api('GET', '/api/v1/conversations/' + encodeURIComponent(conv.id));
    }).then(function (c) {
      if (c.status === 'closed' && c.csat) { setStatus('closed'); showThanks(); }
      else if (c.status !== status) { if (c.status === 'human') showHuman(); else setStatus(c.status); }
      connect();
    }).catch(function (e) {
      if (e.status === 401 || e.status === 403 || e.status === 404) { conv = null; save(storeKey, null); resetView(); welcome(); }
    });
  }

  function send(text) {
    text = String(text || '').trim();
    if (!text || status === 'closed') return;
    if (text.length > 2000) { showNotice('消息最多2000字'); return; }
    var id = rid('m_');
    var el = h('div', { class: 'xiaoer-msg xiaoer-msg-customer xiaoer-pending' }, h('div', { class: 'xiaoer-bubble' }, text));
    pending[id] = el; list.appendChild(el); list.scrollTop = list.scrollHeight;
    renderQuick([]);
    post(id, text, el);
  }

  function post(id, text, el) {
    ensureConversation().then(function (c) {
      return api('POST', '/api/v1/conversations/' + encodeURIComponent(c.id) + '/messages', { client_msg_id: id, text: text });
    }).then(function (res) {
      if (res.message) render(res.message);
      (res.replies || []).forEach(render);
      if (res.handoff) setStatus('waiting');
    }).catch(function (e) {
      if (e.code === 'closed') { setStatus('closed'); return; }
      el.classList.add('xiaoer-failed');
      var again = h('button', { type: 'button', class: 'xiaoer-retry', onclick: function () { again.remove(); el.classList.remove('xiaoer-failed'); post(id, text, el); } },
        e.status === 429 ? '发送太频繁,点此重试' : '发送失败,点此重试');
      el.appendChild(again);
    });
  }

  function upload(f) {
    if (IMAGE_TYPES.indexOf(f.type) < 0) { showNotice('只支持 JPG、PNG、WebP、GIF 图片'); return; }
    if (f.size > MAX_UPLOAD) { showNotice('图片不能超过5MB'); return; }
    ensureConversation().then(function (c) {
      var fd = new FormData(); fd.append('file', f);
      showNotice('图片上传中…');
      return api('POST', '/api/v1/conversations/' + encodeURIComponent(c.id) + '/uploads', fd, true);
    }).then(function (res) { notice.hidden = true; if (res.message) render(res.message); })
      .catch(function (e) { showNotice('图片发送失败:' + e.message); });
  }

  function showRating() {
    if (!csat.hidden || csat.getAttribute('data-done')) return;
    csat.textContent = '';
    csat.appendChild(h('div', { class: 'xiaoer-csat-q' }, '请为本次服务打分'));
    var stars = h('div', { class: 'xiaoer-stars' });
    [1, 2, 3, 4, 5].forEach(function (n) {
      stars.appendChild(h('button', { type: 'button', class: 'xiaoer-star', 'data-score': String(n), 'aria-label': n + '星', onclick: function () { rate(n); } }, '★'));
    });
    csat.appendChild(stars);
    csat.appendChild(h('button', { type: 'button', class: 'xiaoer-new', onclick: newChat }, '开始新的咨询'));
    csat.hidden = false;
  }

  function showThanks() {
    csat.textContent = '';
    csat.setAttribute('data-done', '1');
    csat.appendChild(h('div', { class: 'xiaoer-csat-thanks' }, '感谢您的评价!'));
    csat.appendChild(h('button', { type: 'button', class: 'xiaoer-new', onclick: newChat }, '开始新的咨询'));
    csat.hidden = false;
  }

  function rate(n) {
    if (!conv) return;
    api('POST', '/api/v1/conversations/' + encodeURIComponent(conv.id) + '/csat', { score: n })
      .then(showThanks).catch(function (e) { showNotice('评分失败:' + e.message); });
  }

  function newChat() {
    if (es) { es.close(); es = null; }
    conv = null; save(storeKey, null);
    csat.removeAttribute('data-done');
    resetView(); setStatus('bot'); welcome();
  }

  function openPanel() {
    panel.hidden = false; opened = true; unread = 0; badge.hidden = true;
    launcher.setAttribute('aria-expanded', 'true');
    if (!list.childNodes.length) { if (conv) restore(); else welcome(); }
    input.focus();
  }
  function closePanel() { panel.hidden = true; opened = false; launcher.setAttribute('aria-expanded', 'false'); }

  launcher.addEventListener('click', function () { if (panel.hidden) openPanel(); else closePanel(); });
  closeBtn.addEventListener('click', closePanel);
  sendBtn.addEventListener('click', function () { var t = input.value; input.value = ''; send(t); });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); var t = input.value; input.value = ''; send(t); }
  });
  humanBtn.addEventListener('click', function () { send('转人工'); });
  photoBtn.addEventListener('click', function () { file.click(); });
  file.addEventListener('change', function () { if (file.files[0]) upload(file.files[0]); file.value = ''; });

  // A conversation opened on another product page in bot mode starts
  // afresh, so the bot answers about the page the shopper is on now.
  if (conv && conv.product !== cfg.productId) {
    api('GET', '/api/v1/conversations/' + encodeURIComponent(conv.id)).then(function (c) {
      if (c.status === 'bot' || c.status === 'closed') { conv = null; save(storeKey, null); }
      else restore();
    }).catch(function () { conv = null; save(storeKey, null); });
  } else if (conv) {
    restore();
  }

  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
