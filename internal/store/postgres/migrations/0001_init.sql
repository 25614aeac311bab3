-- Xiaoer schema, PostgreSQL flavour. Times are TIMESTAMPTZ (microseconds);
-- NULL is the zero time. Money is BIGINT fen. Lists and maps the store never
-- queries by are JSONB; NULL is an empty list. Opaque bot state and message
-- payloads are JSON (not JSONB) so that their bytes come back unchanged.
-- Ids use the "C" collation: byte order, as in SQLite and Go, so that
-- "sorted by id" means the same on every engine whatever the database locale.

-- Shop info and policies: one JSON document each, keyed by name.
CREATE TABLE shop_settings (
    name       TEXT PRIMARY KEY CHECK (name IN ('info', 'policies')),
    data       JSONB NOT NULL
);

CREATE TABLE products (
    id             TEXT COLLATE "C" PRIMARY KEY,
    name           TEXT NOT NULL,
    category       TEXT NOT NULL DEFAULT '',
    brand          TEXT NOT NULL DEFAULT '',
    price          BIGINT NOT NULL CHECK (price >= 0),
    original_price BIGINT NOT NULL DEFAULT 0 CHECK (original_price >= 0),
    description    TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT '',
    aliases        JSONB,
    attributes     JSONB,
    size_chart     JSONB,
    related        JSONB,
    tags           JSONB,
    updated_at     TIMESTAMPTZ
);

-- SKUs belong to their product; an import replaces them all. position keeps
-- the merchant's order (S, M, L ...).
CREATE TABLE skus (
    product_id   TEXT COLLATE "C" NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    sku_id       TEXT COLLATE "C" NOT NULL,
    position     INTEGER NOT NULL,
    color        TEXT NOT NULL DEFAULT '',
    size         TEXT NOT NULL DEFAULT '',
    stock        BIGINT NOT NULL CHECK (stock >= 0),
    price        BIGINT NOT NULL DEFAULT 0 CHECK (price >= 0),
    restock_date TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (product_id, sku_id)
);

CREATE TABLE co_purchases (
    product_a TEXT COLLATE "C" NOT NULL,
    product_b TEXT COLLATE "C" NOT NULL,
    count     BIGINT NOT NULL CHECK (count >= 0),
    PRIMARY KEY (product_a, product_b)
);
CREATE INDEX co_purchases_product_b ON co_purchases (product_b);

-- The full phone number is never stored: only its last four digits and a
-- keyed hash.
CREATE TABLE customers (
    id           TEXT COLLATE "C" PRIMARY KEY,
    nickname     TEXT NOT NULL DEFAULT '',
    member_level TEXT NOT NULL DEFAULT '',
    province     TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL DEFAULT '',
    preferences  JSONB,
    tags         JSONB,
    phone_last4  TEXT NOT NULL DEFAULT '' CHECK (char_length(phone_last4) <= 4),
    phone_hash   TEXT NOT NULL DEFAULT '',
    points       BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ
);

CREATE TABLE orders (
    id                 TEXT COLLATE "C" PRIMARY KEY,
    customer_id        TEXT COLLATE "C" NOT NULL REFERENCES customers (id),
    status             TEXT NOT NULL,
    total              BIGINT NOT NULL CHECK (total >= 0),
    shipping_fee       BIGINT NOT NULL DEFAULT 0 CHECK (shipping_fee >= 0),
    discount           BIGINT NOT NULL DEFAULT 0 CHECK (discount >= 0),
    promotion_id       TEXT COLLATE "C" NOT NULL DEFAULT '',
    addr_name          TEXT NOT NULL DEFAULT '',
    addr_phone_last4   TEXT NOT NULL DEFAULT '' CHECK (char_length(addr_phone_last4) <= 4),
    addr_province      TEXT NOT NULL DEFAULT '',
    addr_city          TEXT NOT NULL DEFAULT '',
    addr_district      TEXT NOT NULL DEFAULT '',
    addr_detail        TEXT NOT NULL DEFAULT '',
    remark             TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMPTZ,
    paid_at            TIMESTAMPTZ,
    shipped_at         TIMESTAMPTZ,
    delivered_at       TIMESTAMPTZ,
    completed_at       TIMESTAMPTZ,
    cancelled_at       TIMESTAMPTZ,
    updated_at         TIMESTAMPTZ
);
CREATE INDEX orders_customer ON orders (customer_id, created_at DESC);

-- Order lines; an import replaces them all. position keeps their order.
CREATE TABLE order_items (
    order_id   TEXT COLLATE "C" NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    product_id TEXT COLLATE "C" NOT NULL,
    sku_id     TEXT COLLATE "C" NOT NULL DEFAULT '',
    name       TEXT NOT NULL DEFAULT '',
    color      TEXT NOT NULL DEFAULT '',
    size       TEXT NOT NULL DEFAULT '',
    qty        INTEGER NOT NULL CHECK (qty > 0),
    price      BIGINT NOT NULL CHECK (price >= 0),
    opened     BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (order_id, position)
);

CREATE TABLE shipments (
    id                 TEXT COLLATE "C" PRIMARY KEY,
    order_id           TEXT COLLATE "C" NOT NULL REFERENCES orders (id),
    carrier            TEXT NOT NULL DEFAULT '',
    tracking_no        TEXT COLLATE "C" NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT '',
    shipped_at         TIMESTAMPTZ,
    estimated_delivery TIMESTAMPTZ,
    updated_at         TIMESTAMPTZ
);
CREATE INDEX shipments_order ON shipments (order_id);
CREATE INDEX shipments_status ON shipments (status);
-- A tracking number names one parcel; shipments not yet handed to a carrier
-- have none.
CREATE UNIQUE INDEX shipments_tracking_no ON shipments (tracking_no) WHERE tracking_no <> '';

-- Carrier scans; an import replaces them all. position keeps their order.
CREATE TABLE tracking_events (
    shipment_id TEXT COLLATE "C" NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    time        TIMESTAMPTZ,
    location    TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (shipment_id, position)
);

CREATE TABLE promotions (
    id                 TEXT COLLATE "C" PRIMARY KEY,
    name               TEXT NOT NULL,
    type               TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    threshold          BIGINT NOT NULL DEFAULT 0,
    reduction          BIGINT NOT NULL DEFAULT 0,
    repeat             BOOLEAN NOT NULL DEFAULT FALSE,
    max_reduction      BIGINT NOT NULL DEFAULT 0,
    discount_percent   INTEGER NOT NULL DEFAULT 0,
    gift               TEXT NOT NULL DEFAULT '',
    installments       INTEGER NOT NULL DEFAULT 0,
    code               TEXT NOT NULL DEFAULT '',
    product_ids        JSONB,
    categories         JSONB,
    member_levels      JSONB,
    new_customers_only BOOLEAN NOT NULL DEFAULT FALSE,
    stackable          BOOLEAN NOT NULL DEFAULT FALSE,
    starts_at          TIMESTAMPTZ,
    ends_at            TIMESTAMPTZ
);

CREATE TABLE faqs (
    id          TEXT COLLATE "C" PRIMARY KEY,
    question    TEXT NOT NULL,
    alternates  JSONB,
    answer      TEXT NOT NULL,
    product_ids JSONB,
    tags        JSONB,
    updated_at  TIMESTAMPTZ
);

CREATE TABLE documents (
    id          TEXT COLLATE "C" PRIMARY KEY,
    title       TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL DEFAULT '',
    format      TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    product_ids JSONB,
    body        TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMPTZ
);

-- Questions the bot could not answer, one row per normalised form.
CREATE TABLE unanswered (
    id               BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    normalized       TEXT NOT NULL UNIQUE,
    question         TEXT NOT NULL,
    count            BIGINT NOT NULL,
    examples         JSONB,
    conversation_ids JSONB,
    status           TEXT NOT NULL DEFAULT 'open',
    resolution       TEXT NOT NULL DEFAULT '',
    first_seen       TIMESTAMPTZ,
    last_seen        TIMESTAMPTZ
);
CREATE INDEX unanswered_status ON unanswered (status, count DESC);

-- last_seq is the conversation's message counter: AppendMessage increments it
-- in the same transaction that inserts the message, so seqs are gapless.
-- state is the bot's dialogue state, opaque to the store.
CREATE TABLE conversations (
    id          TEXT COLLATE "C" PRIMARY KEY,
    customer_id TEXT COLLATE "C" NOT NULL DEFAULT '',
    visitor_id  TEXT COLLATE "C" NOT NULL DEFAULT '',
    channel     TEXT NOT NULL DEFAULT '',
    product_id  TEXT COLLATE "C" NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    agent_id    TEXT COLLATE "C" NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    tags        JSONB,
    csat        INTEGER NOT NULL DEFAULT 0 CHECK (csat BETWEEN 0 AND 5),
    state       JSON,
    last_seq    BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ,
    updated_at  TIMESTAMPTZ
);
CREATE INDEX conversations_status ON conversations (status, updated_at DESC);
CREATE INDEX conversations_customer ON conversations (customer_id, updated_at DESC) WHERE customer_id <> '';
CREATE INDEX conversations_agent ON conversations (agent_id, updated_at DESC) WHERE agent_id <> '';
CREATE INDEX conversations_updated ON conversations (updated_at DESC);

CREATE TABLE messages (
    id              TEXT COLLATE "C" PRIMARY KEY,
    conversation_id TEXT COLLATE "C" NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             BIGINT NOT NULL CHECK (seq > 0),
    client_msg_id   TEXT COLLATE "C" NOT NULL DEFAULT '',
    role            TEXT NOT NULL,
    author          TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL DEFAULT '',
    payload         JSON,
    created_at      TIMESTAMPTZ,
    UNIQUE (conversation_id, seq)
);
-- A retry with the same client id is the same message (idempotent posting).
CREATE UNIQUE INDEX messages_client_msg_id ON messages (conversation_id, client_msg_id) WHERE client_msg_id <> '';

CREATE TABLE cases (
    id              TEXT COLLATE "C" PRIMARY KEY,
    conversation_id TEXT COLLATE "C" NOT NULL DEFAULT '',
    customer_id     TEXT COLLATE "C" NOT NULL DEFAULT '',
    order_id        TEXT COLLATE "C" NOT NULL DEFAULT '',
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    summary         TEXT NOT NULL DEFAULT '',
    resolution      TEXT NOT NULL DEFAULT '',
    compensation    BIGINT NOT NULL DEFAULT 0,
    refund_amount   BIGINT NOT NULL DEFAULT 0,
    photos          JSONB,
    notes           TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ
);
CREATE INDEX cases_customer ON cases (customer_id, created_at DESC);
CREATE INDEX cases_created ON cases (created_at DESC);
