-- IF NOT EXISTS: a database an earlier version ran on already has this table, made by rate-limiter-flexible itself with these columns.
CREATE TABLE IF NOT EXISTS "rate_limits" (
	"key" varchar(255) PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
