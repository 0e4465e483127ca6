-- Merge reviews and inventory branches
--
-- Revision ID: 5ea58ce1dd20
-- Revises: 7e7d8ca52273, e3fb838f4523
-- Branch Labels:
-- Depends On:
-- Create Date: 2026-03-02 08:40:00.512376
-- Transactional: true

-- migrate:upgrade
-- Nothing to change: this revision joins the reviews and inventory branches.

-- migrate:downgrade
-- Nothing to change: downgrading splits the branches again.
