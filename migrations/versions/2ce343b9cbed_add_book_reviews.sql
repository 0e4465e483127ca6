-- Add book reviews
--
-- Revision ID: 2ce343b9cbed
-- Revises: f883f1ce0eda
-- Branch Labels: reviews
-- Depends On:
-- Create Date: 2026-02-16 11:05:09.120458
-- Transactional: true

-- migrate:upgrade
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    book_id INTEGER NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body TEXT,
    written_at TEXT NOT NULL DEFAULT (datetime('now')),
    UNIQUE (book_id, customer_id)
);

-- migrate:downgrade
DROP TABLE reviews;
