-- Nothing to change here: FTS5's unicode61 tokenizer already splits e-mail
-- addresses, web addresses and file paths into words. The PostgreSQL tree's
-- 0011 makes its search do the same; the two trees keep the same numbers so
-- that a dump moves between them.
SELECT 1;
