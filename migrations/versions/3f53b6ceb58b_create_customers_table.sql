-- Create customers table
--
-- Revision ID: 3f53b6ceb58b
-- Revises: 2c80e1340ab4
-- Branch Labels:
-- Depends On:
-- Create Date: 2026-01-19 14:02:55.731640
-- Transactional: true

-- migrate:upgrade
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
);

-- migrate:downgrade
DROP TABLE customers;
