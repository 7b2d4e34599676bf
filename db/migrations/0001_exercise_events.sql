CREATE TABLE `exercise_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`exercise_id` text NOT NULL,
	`kind` text NOT NULL,
	`hint_number` integer DEFAULT 0 NOT NULL,
	`submission_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exercise_events_once_idx` ON `exercise_events` (`user_id`,`exercise_id`,`kind`,`hint_number`);--> statement-breakpoint
CREATE INDEX `exercise_events_user_created_idx` ON `exercise_events` (`user_id`,`created_at`);