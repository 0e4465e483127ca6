-- Add customer loyalty points
--
-- Revision ID: 2a8091e12ecd
-- Revises: 5ea58ce1dd20
-- Branch Labels:
-- Depends On:
-- Create Date: 2026-03-09 17:23:44.078915
-- Transactional: true

-- migrate:upgrade
ALTER TABLE customers ADD COLUMN loyalty_points INTEGER NOT NULL DEFAULT 0;

-- migrate:upgrade postgresql
ALTER TABLE customers ADD COLUMN loyalty_points integer NOT NULL DEFAULT 0
    CHECK (loyalty_points >= 0);

-- migrate:downgrade
ALTER TABLE customers DROP COLUMN loyalty_points;
