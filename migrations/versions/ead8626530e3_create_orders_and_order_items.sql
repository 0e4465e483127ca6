-- Create orders and order items
--
-- Revision ID: ead8626530e3
-- Revises: 3f53b6ceb58b
-- Branch Labels:
-- Depends On:
-- Create Date: 2026-01-20 10:45:12.389017
-- Transactional: true

-- migrate:upgrade
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    status TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'paid', 'shipped', 'cancelled')),
    placed_at TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE order_items (
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    book_id INTEGER NOT NULL REFERENCES books (id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL,
    PRIMARY KEY (order_id, book_id)
);

-- migrate:downgrade
DROP TABLE order_items;
DROP TABLE orders;
