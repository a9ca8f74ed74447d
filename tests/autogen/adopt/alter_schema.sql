-- Database A' of the adoption tests: A after a round of changes of every kind.
ALTER TABLE producers ADD COLUMN website text;
ALTER TABLE producers DROP COLUMN founded;
ALTER TABLE products ALTER COLUMN code SET NOT NULL;
DROP INDEX ix_products_producer_colour;
CREATE INDEX ix_products_code ON products (code) WHERE active;
ALTER TABLE sales.order_lines DROP CONSTRAINT ck_quantity;
ALTER TABLE sales.order_lines ADD CONSTRAINT ck_quantity CHECK (quantity > 0);
DROP VIEW sales.big_orders CASCADE;
CREATE VIEW sales.big_orders AS SELECT * FROM sales.order_totals WHERE total > 5000;
CREATE FUNCTION sales.big_order_count() RETURNS bigint LANGUAGE sql STABLE
  BEGIN ATOMIC SELECT count(*) FROM sales.big_orders; END;
CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql
  AS $$ BEGIN NEW.updated_at := clock_timestamp(); RETURN NEW; END $$;
DROP TRIGGER orders_audit ON sales.orders;
CREATE DOMAIN audit.short_text AS varchar(40);
COMMENT ON VIEW sales.order_totals IS 'One row per order, with its total';
CREATE TABLE audit.notes (id int PRIMARY KEY, body text NOT NULL, title audit.short_text);
