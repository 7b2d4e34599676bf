CREATE TABLE `interview_exercises` (
	`interview_id` text NOT NULL,
	`position` integer NOT NULL,
	`exercise_id` text NOT NULL,
	`draft_code` text,
	`draft_version` integer DEFAULT 0 NOT NULL,
	`draft_updated_at` integer,
	`passed` integer,
	PRIMARY KEY(`interview_id`, `position`),
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `interview_exercises_once_idx` ON `interview_exercises` (`interview_id`,`exercise_id`);--> statement-breakpoint
CREATE TABLE `interview_questions` (
	`interview_id` text NOT NULL,
	`position` integer NOT NULL,
	`exercise_id` text NOT NULL,
	`question_id` text NOT NULL,
	`question_json` text NOT NULL,
	`answer_json` text,
	`answered_at` integer,
	`correct` integer,
	PRIMARY KEY(`interview_id`, `position`),
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `interviews` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`track` text NOT NULL,
	`minutes` integer NOT NULL,
	`seed` integer NOT NULL,
	`started_at` integer NOT NULL,
	`deadline_at` integer NOT NULL,
	`finish_claimed_at` integer,
	`finished_at` integer,
	`ended_by` text,
	`score` real,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `interviews_user_started_idx` ON `interviews` (`user_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `interviews_open_idx` ON `interviews` (`finished_at`,`deadline_at`);--> statement-breakpoint
ALTER TABLE `submissions` ADD `interview_id` text;--> statement-breakpoint
ALTER TABLE `submissions` ADD `auto_submitted` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `submissions_interview_idx` ON `submissions` (`interview_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_interview_auto_once_idx` ON `submissions` (`interview_id`,`exercise_id`) WHERE auto_submitted = 1;