-- Add bestsellers view
--
-- Revision ID: e3fb838f4523
-- Revises: 2c5300663497
-- Branch Labels:
-- Depends On: 2ce343b9cbed
-- Create Date: 2026-02-24 12:11:56.930128
-- Transactional: true

-- migrate:upgrade
-- Uses reviews from the other branch, hence Depends On.
CREATE VIEW bestsellers AS
SELECT b.id AS book_id,
       b.title,
       SUM(oi.quantity) AS copies_sold,
       (SELECT AVG(r.rating) FROM reviews r WHERE r.book_id = b.id) AS average_rating
  FROM books b
  JOIN order_items oi ON oi.book_id = b.id
  JOIN orders o ON o.id = oi.order_id AND o.status IN ('paid', 'shipped')
 GROUP BY b.id, b.title
 ORDER BY copies_sold DESC;

-- migrate:downgrade
DROP VIEW bestsellers;
