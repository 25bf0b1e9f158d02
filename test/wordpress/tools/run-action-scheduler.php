<?php
/**
 * Runs WooCommerce's Action Scheduler queue the way WP-cron's `action_scheduler_run_queue` event
 * does on a live store (WP-cron is switched off on the test site so that nothing runs behind the
 * tests' back): due actions, webhook deliveries among them, run until none is left.
 * Prints how many actions ran.
 *
 * Usage: php run-action-scheduler.php SITE_DIR
 */

require $argv[1] . '/wp-load.php';

$palompy_ran = 0;
for ( $palompy_round = 0; $palompy_round < 20; $palompy_round++ ) {
	$palompy_count = ActionScheduler_QueueRunner::instance()->run( 'WP Cron' );
	$palompy_ran  += $palompy_count;
	if ( 0 === $palompy_count ) {
		break;
	}
}
echo $palompy_ran . "\n";
