-- "Solved" is an exercise's first passing submit (lib/progress/solved.ts). Submissions stored before
-- the exercise_events table existed have no `solved` row: each gets one, at its first passing
-- submit. A `solved` row without any passing submit behind it is removed.
INSERT INTO `exercise_events` (`user_id`, `exercise_id`, `kind`, `hint_number`, `submission_id`, `created_at`)
SELECT s.`user_id`, s.`exercise_id`, 'solved', 0, s.`id`, s.`created_at`
FROM `submissions` s
WHERE s.`mode` = 'submit' AND s.`status` = 'pass'
  AND NOT EXISTS (
    SELECT 1 FROM `submissions` earlier
    WHERE earlier.`user_id` = s.`user_id` AND earlier.`exercise_id` = s.`exercise_id`
      AND earlier.`mode` = 'submit' AND earlier.`status` = 'pass'
      AND (earlier.`created_at` < s.`created_at` OR (earlier.`created_at` = s.`created_at` AND earlier.`id` < s.`id`))
  )
  AND NOT EXISTS (
    SELECT 1 FROM `exercise_events` e
    WHERE e.`user_id` = s.`user_id` AND e.`exercise_id` = s.`exercise_id` AND e.`kind` = 'solved'
  );
--> statement-breakpoint
DELETE FROM `exercise_events`
WHERE `kind` = 'solved'
  AND NOT EXISTS (
    SELECT 1 FROM `submissions` s
    WHERE s.`user_id` = `exercise_events`.`user_id` AND s.`exercise_id` = `exercise_events`.`exercise_id`
      AND s.`mode` = 'submit' AND s.`status` = 'pass'
  );
