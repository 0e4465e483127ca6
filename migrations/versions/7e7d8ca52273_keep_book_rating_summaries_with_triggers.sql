-- Keep book rating summaries with triggers
--
-- Revision ID: 7e7d8ca52273
-- Revises: 2ce343b9cbed
-- Branch Labels:
-- Depends On:
-- Create Date: 2026-02-18 09:52:30.845561
-- Transactional: true

-- migrate:upgrade
CREATE TABLE book_ratings (
    book_id INTEGER PRIMARY KEY REFERENCES books (id) ON DELETE CASCADE,
    review_count INTEGER NOT NULL DEFAULT 0,
    rating_total INTEGER NOT NULL DEFAULT 0
);

-- Triggers hold several statements between BEGIN and END; the splitter must keep them whole.
CREATE TRIGGER trg_reviews_insert AFTER INSERT ON reviews
BEGIN
    INSERT OR IGNORE INTO book_ratings (book_id) VALUES (NEW.book_id);
    UPDATE book_ratings
       SET review_count = review_count + 1,
           rating_total = rating_total + NEW.rating
     WHERE book_id = NEW.book_id;
END;

CREATE TRIGGER trg_reviews_delete AFTER DELETE ON reviews
BEGIN
    UPDATE book_ratings
       SET review_count = review_count - 1,
           rating_total = rating_total - OLD.rating
     WHERE book_id = OLD.book_id;
END;

-- migrate:downgrade
DROP TRIGGER trg_reviews_delete;
DROP TRIGGER trg_reviews_insert;
DROP TABLE book_ratings;
