-- Index books by title and author
--
-- Revision ID: f883f1ce0eda
-- Revises: ead8626530e3
-- Branch Labels:
-- Depends On:
-- Create Date: 2026-02-03 16:20:41.667325
-- Transactional: true

-- migrate:upgrade
CREATE INDEX ix_books_title ON books (title COLLATE NOCASE);
CREATE INDEX ix_books_author_id ON books (author_id);
CREATE INDEX ix_orders_customer_id ON orders (customer_id);

-- migrate:downgrade
DROP INDEX ix_orders_customer_id;
DROP INDEX ix_books_author_id;
DROP INDEX ix_books_title;
