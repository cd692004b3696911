-- Foundation: platform tables (plans, shops, operators, outbox, custom domains) and the first
-- tenant tables (staff, sessions, invitations, resets, texts, legal identity, pages, payments, media).
-- Every tenant table has shop_id leading its primary key (see store::schema).

CREATE TABLE plans (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  max_products BIGINT NOT NULL,
  max_staff BIGINT NOT NULL,
  max_storage_bytes BIGINT NOT NULL,
  is_default BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

CREATE TABLE shops (
  id BIGINT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active',
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  default_lang TEXT NOT NULL DEFAULT 'fr',
  langs TEXT NOT NULL DEFAULT 'fr,en',
  currency TEXT NOT NULL DEFAULT 'EUR',
  timezone TEXT NOT NULL DEFAULT 'Europe/Paris',
  color_primary TEXT NOT NULL,
  color_background TEXT NOT NULL,
  color_text TEXT NOT NULL,
  logo_key TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX shops_status_name ON shops (status, name);

CREATE TABLE custom_domains (
  host TEXT PRIMARY KEY,
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  verified_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX custom_domains_shop ON custom_domains (shop_id);

CREATE TABLE operators (
  id BIGINT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE operator_sessions (
  token_hash TEXT PRIMARY KEY,
  operator_id BIGINT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE TABLE platform_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shop_id BIGINT,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  locked_until BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  done_at BIGINT,
  failed_at BIGINT
);
CREATE INDEX outbox_due ON outbox (done_at, failed_at, next_attempt_at);

CREATE TABLE shop_texts (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  lang TEXT NOT NULL,
  tagline TEXT,
  PRIMARY KEY (shop_id, lang)
);

CREATE TABLE shop_legal (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'ei',
  legal_name TEXT NOT NULL DEFAULT '',
  siret TEXT,
  vat_number TEXT,
  vat_franchise BIGINT NOT NULL DEFAULT 1,
  address TEXT NOT NULL DEFAULT '',
  postal_code TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT 'FR',
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  publication_director TEXT NOT NULL DEFAULT '',
  mediator_name TEXT NOT NULL DEFAULT '',
  mediator_url TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id)
);

CREATE TABLE staff (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  id BIGINT NOT NULL,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id),
  UNIQUE (shop_id, email)
);

CREATE TABLE staff_sessions (
  shop_id BIGINT NOT NULL,
  token_hash TEXT NOT NULL,
  staff_id BIGINT NOT NULL,
  csrf TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, token_hash),
  FOREIGN KEY (shop_id, staff_id) REFERENCES staff(shop_id, id) ON DELETE CASCADE
);
CREATE INDEX staff_sessions_staff ON staff_sessions (shop_id, staff_id);

CREATE TABLE invitations (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  id BIGINT NOT NULL,
  email TEXT NOT NULL,
  role TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  invited_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  accepted_at BIGINT,
  PRIMARY KEY (shop_id, id),
  UNIQUE (shop_id, token_hash)
);

CREATE TABLE password_resets (
  shop_id BIGINT NOT NULL,
  token_hash TEXT NOT NULL,
  staff_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (shop_id, token_hash),
  FOREIGN KEY (shop_id, staff_id) REFERENCES staff(shop_id, id) ON DELETE CASCADE
);

CREATE TABLE pages (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  slug TEXT NOT NULL,
  lang TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, slug, lang)
);

CREATE TABLE payment_methods (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  enabled BIGINT NOT NULL,
  settings TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, code)
);

CREATE TABLE media_files (
  shop_id BIGINT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  bytes BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, key)
);
