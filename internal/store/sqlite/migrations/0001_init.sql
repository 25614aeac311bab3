-- Xiaoer schema, SQLite flavour. Times are TEXT in UTC with a fixed width
-- (2006-01-02T15:04:05.000000Z) so that they sort as text; NULL is the zero
-- time. Money is INTEGER fen. Lists and maps the store never queries by are
-- JSON text; NULL is an empty list.

-- Shop info and policies: one JSON document each, keyed by name.
CREATE TABLE shop_settings (
    name       TEXT PRIMARY KEY CHECK (name IN ('info', 'policies')),
    data       TEXT NOT NULL
);

CREATE TABLE products (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    category       TEXT NOT NULL DEFAULT '',
    brand          TEXT NOT NULL DEFAULT '',
    price          INTEGER NOT NULL CHECK (price >= 0),
    original_price INTEGER NOT NULL DEFAULT 0 CHECK (original_price >= 0),
    description    TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT '',
    aliases        TEXT,
    attributes     TEXT,
    size_chart     TEXT,
    related        TEXT,
    tags           TEXT,
    updated_at     TEXT
);

-- SKUs belong to their product; an import replaces them all. position keeps
-- the merchant's order (S, M, L ...).
CREATE TABLE skus (
    product_id   TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    sku_id       TEXT NOT NULL,
    position     INTEGER NOT NULL,
    color        TEXT NOT NULL DEFAULT '',
    size         TEXT NOT NULL DEFAULT '',
    stock        INTEGER NOT NULL CHECK (stock >= 0),
    price        INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0),
    restock_date TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (product_id, sku_id)
);

CREATE TABLE co_purchases (
    product_a TEXT NOT NULL,
    product_b TEXT NOT NULL,
    count     INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (product_a, product_b)
);
CREATE INDEX co_purchases_product_b ON co_purchases (product_b);

-- The full phone number is never stored: only its last four digits and a
-- keyed hash.
CREATE TABLE customers (
    id           TEXT PRIMARY KEY,
    nickname     TEXT NOT NULL DEFAULT '',
    member_level TEXT NOT NULL DEFAULT '',
    province     TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL DEFAULT '',
    preferences  TEXT,
    tags         TEXT,
    phone_last4  TEXT NOT NULL DEFAULT '' CHECK (length(phone_last4) <= 4),
    phone_hash   TEXT NOT NULL DEFAULT '',
    points       INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT
);

CREATE TABLE orders (
    id                 TEXT PRIMARY KEY,
    customer_id        TEXT NOT NULL REFERENCES customers (id),
    status             TEXT NOT NULL,
    total              INTEGER NOT NULL CHECK (total >= 0),
    shipping_fee       INTEGER NOT NULL DEFAULT 0 CHECK (shipping_fee >= 0),
    discount           INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
    promotion_id       TEXT NOT NULL DEFAULT '',
    addr_name          TEXT NOT NULL DEFAULT '',
    addr_phone_last4   TEXT NOT NULL DEFAULT '' CHECK (length(addr_phone_last4) <= 4),
    addr_province      TEXT NOT NULL DEFAULT '',
    addr_city          TEXT NOT NULL DEFAULT '',
    addr_district      TEXT NOT NULL DEFAULT '',
    addr_detail        TEXT NOT NULL DEFAULT '',
    remark             TEXT NOT NULL DEFAULT '',
    created_at         TEXT,
    paid_at            TEXT,
    shipped_at         TEXT,
    delivered_at       TEXT,
    completed_at       TEXT,
    cancelled_at       TEXT,
    updated_at         TEXT
);
CREATE INDEX orders_customer ON orders (customer_id, created_at DESC);

-- Order lines; an import replaces them all. position keeps their order.
CREATE TABLE order_items (
    order_id   TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    product_id TEXT NOT NULL,
    sku_id     TEXT NOT NULL DEFAULT '',
    name       TEXT NOT NULL DEFAULT '',
    color      TEXT NOT NULL DEFAULT '',
    size       TEXT NOT NULL DEFAULT '',
    qty        INTEGER NOT NULL CHECK (qty > 0),
    price      INTEGER NOT NULL CHECK (price >= 0),
    opened     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (order_id, position)
);

CREATE TABLE shipments (
    id                 TEXT PRIMARY KEY,
    order_id           TEXT NOT NULL REFERENCES orders (id),
    carrier            TEXT NOT NULL DEFAULT '',
    tracking_no        TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT '',
    shipped_at         TEXT,
    estimated_delivery TEXT,
    updated_at         TEXT
);
CREATE INDEX shipments_order ON shipments (order_id);
CREATE INDEX shipments_status ON shipments (status);
-- A tracking number names one parcel; shipments not yet handed to a carrier
-- have none.
CREATE UNIQUE INDEX shipments_tracking_no ON shipments (tracking_no) WHERE tracking_no <> '';

-- Carrier scans; an import replaces them all. position keeps their order.
CREATE TABLE tracking_events (
    shipment_id TEXT NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    time        TEXT,
    location    TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (shipment_id, position)
);

CREATE TABLE promotions (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    type               TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    threshold          INTEGER NOT NULL DEFAULT 0,
    reduction          INTEGER NOT NULL DEFAULT 0,
    repeat             INTEGER NOT NULL DEFAULT 0,
    max_reduction      INTEGER NOT NULL DEFAULT 0,
    discount_percent   INTEGER NOT NULL DEFAULT 0,
    gift               TEXT NOT NULL DEFAULT '',
    installments       INTEGER NOT NULL DEFAULT 0,
    code               TEXT NOT NULL DEFAULT '',
    product_ids        TEXT,
    categories         TEXT,
    member_levels      TEXT,
    new_customers_only INTEGER NOT NULL DEFAULT 0,
    stackable          INTEGER NOT NULL DEFAULT 0,
    starts_at          TEXT,
    ends_at            TEXT
);

CREATE TABLE faqs (
    id          TEXT PRIMARY KEY,
    question    TEXT NOT NULL,
    alternates  TEXT,
    answer      TEXT NOT NULL,
    product_ids TEXT,
    tags        TEXT,
    updated_at  TEXT
);

CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL DEFAULT '',
    format      TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    product_ids TEXT,
    body        TEXT NOT NULL DEFAULT '',
    updated_at  TEXT
);

-- Questions the bot could not answer, one row per normalised form.
CREATE TABLE unanswered (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    normalized       TEXT NOT NULL UNIQUE,
    question         TEXT NOT NULL,
    count            INTEGER NOT NULL,
    examples         TEXT,
    conversation_ids TEXT,
    status           TEXT NOT NULL DEFAULT 'open',
    resolution       TEXT NOT NULL DEFAULT '',
    first_seen       TEXT,
    last_seen        TEXT
);
CREATE INDEX unanswered_status ON unanswered (status, count DESC);

-- last_seq is the conversation's message counter: AppendMessage increments it
-- in the same transaction that inserts the message, so seqs are gapless.
-- state is the bot's dialogue state, opaque to the store.
CREATE TABLE conversations (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL DEFAULT '',
    visitor_id  TEXT NOT NULL DEFAULT '',
    channel     TEXT NOT NULL DEFAULT '',
    product_id  TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    agent_id    TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    tags        TEXT,
    csat        INTEGER NOT NULL DEFAULT 0 CHECK (csat BETWEEN 0 AND 5),
    state       BLOB,
    last_seq    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT,
    updated_at  TEXT
);
CREATE INDEX conversations_status ON conversations (status, updated_at DESC);
CREATE INDEX conversations_customer ON conversations (customer_id, updated_at DESC) WHERE customer_id <> '';
CREATE INDEX conversations_agent ON conversations (agent_id, updated_at DESC) WHERE agent_id <> '';
CREATE INDEX conversations_updated ON conversations (updated_at DESC);

CREATE TABLE messages (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL CHECK (seq > 0),
    client_msg_id   TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL,
    author          TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL DEFAULT '',
    payload         BLOB,
    created_at      TEXT,
    UNIQUE (conversation_id, seq)
);
-- A retry with the same client id is the same message (idempotent posting).
CREATE UNIQUE INDEX messages_client_msg_id ON messages (conversation_id, client_msg_id) WHERE client_msg_id <> '';

CREATE TABLE cases (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL DEFAULT '',
    customer_id     TEXT NOT NULL DEFAULT '',
    order_id        TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    summary         TEXT NOT NULL DEFAULT '',
    resolution      TEXT NOT NULL DEFAULT '',
    compensation    INTEGER NOT NULL DEFAULT 0,
    refund_amount   INTEGER NOT NULL DEFAULT 0,
    photos          TEXT,
    notes           TEXT NOT NULL DEFAULT '',
    created_at      TEXT,
    updated_at      TEXT
);
CREATE INDEX cases_customer ON cases (customer_id, created_at DESC);
CREATE INDEX cases_created ON cases (created_at DESC);
