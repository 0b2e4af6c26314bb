-- E-mail intake: a contact read from the centre's mailbox or an uploaded
-- .eml/mbox file keeps its Message-ID (or, for a message without one, a
-- digest of the message), so a message already read is never imported twice.
ALTER TABLE customer_requests ADD COLUMN message_id TEXT;
CREATE UNIQUE INDEX customer_requests_message_id ON customer_requests(message_id);
