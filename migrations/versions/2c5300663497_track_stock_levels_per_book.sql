-- Track stock levels per book
--
-- Revision ID: 2c5300663497
-- Revises: f883f1ce0eda
-- Branch Labels:
-- Depends On:
-- Create Date: 2026-02-17 15:37:18.204773
-- Transactional: true

-- migrate:upgrade
CREATE TABLE stock (
    book_id INTEGER PRIMARY KEY REFERENCES books (id) ON DELETE CASCADE,
    on_hand INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    reorder_level INTEGER NOT NULL DEFAULT 5,
    updated_at TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TRIGGER trg_stock_touch AFTER UPDATE OF on_hand ON stock
BEGIN
    UPDATE stock SET updated_at = datetime('now') WHERE book_id = NEW.book_id;
END;

-- migrate:downgrade
DROP TRIGGER trg_stock_touch;
DROP TABLE stock;
