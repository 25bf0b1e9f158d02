<?php
use PHPUnit\Framework\TestCase;

/**
 * Every Palompy_Api call against the real Palompy server (the built app), not the stand-in fake:
 * status codes and answer shapes as the server sends them (the fake once answered 200 where the
 * server answers 201, and the console button never worked). A store address of its own keeps
 * this shop apart from the one RealStoreTest connects.
 */
final class RealServerContractTest extends TestCase {
	private function store() {
		$site = 'http://127.0.0.1:1/contract-store';
		return array(
			'siteUrl'       => $site,
			'storeName'     => 'Contract store',
			'adminEmail'    => 'owner@example.test',
			'locale'        => 'ru_RU',
			'pluginVersion' => PALOMPY_VERSION,
			'returnUrl'     => $site . '/wp-admin/admin.php?page=palompy',
		);
	}

	public function test_every_call_against_the_real_server() {
		$server = Palompy_Server::url();
		$answer = ( new Palompy_Api( $server ) )->connect( $this->store() );
		$this->assertIsArray( $answer, is_wp_error( $answer ) ? $answer->get_error_message() : '' );
		$this->assertSame( $server, $answer['apiBase'] );
		$this->assertStringStartsWith( 'http://127.0.0.1:1/contract-store/wc-auth/v1/authorize?app_name=Palompy&scope=read_write&user_id=' . $answer['shopId'], $answer['authorizeUrl'] );
		$api = new Palompy_Api( $server, $answer['pluginToken'] );

		$status = $api->status();
		$this->assertSame(
			array(
				'connected' => false,
				'proven'    => false,
				'takeover'  => false,
				'shopId'    => $answer['shopId'],
				'publicKey' => $answer['publicKey'],
				'sync'      => array(
					'state'            => 'idle',
					'done'             => 0,
					'total'            => 0,
					'lastSyncAt'       => null,
					'lastReconciledAt' => null,
					'products'         => 0,
					'error'            => null,
				),
			),
			$status
		);

		// The same store again: with its token it gets its shop back. Without it, an unproven registration
		// blocks nobody (it may be a squatter's): a second registration is made, and whichever proves the
		// store with keys the store accepts owns it.
		$again = $api->connect( $this->store() );
		$this->assertSame( $answer['shopId'], $again['shopId'] );
		$other = ( new Palompy_Api( $server ) )->connect( $this->store() );
		$this->assertIsArray( $other, is_wp_error( $other ) ? $other->get_error_message() : '' );
		$this->assertNotSame( $answer['shopId'], $other['shopId'] );
		$this->assertFalse( $other['proven'] );

		$appearance = $api->push_appearance( Palompy_Settings::appearance_payload( array_merge( Palompy_Settings::defaults(), array( 'color' => '#245', 'quick_prompts' => array( 'Где мой заказ?' ) ) ), 'ru' ) );
		$this->assertSame( array( 'color' => '#245', 'position' => 'bottom-right', 'quickPrompts' => array( 'ru' => array( 'Где мой заказ?' ) ) ), array_intersect_key( $appearance['appearance'], array_flip( array( 'color', 'position', 'quickPrompts' ) ) ) );
		$bad = $api->push_appearance( array( 'color' => 'blue' ) );
		$this->assertSame( 'palompy_invalid_field', $bad->get_error_code() );
		$this->assertSame( 422, $bad->get_error_data()['status'] );
		$this->assertSame( 'color', $bad->get_error_data()['field'] );

		$link = $api->console_link();
		$this->assertIsArray( $link, is_wp_error( $link ) ? $link->get_error_message() : '' );
		$this->assertStringStartsWith( $server . '/admin/sso?token=', $link['url'] );

		// No keys yet: Resync is refused; keys the store cannot confirm are refused naming the field.
		$this->assertSame( 'palompy_not_connected', $api->resync()->get_error_code() );
		$keys = $api->submit_keys( 'ck_' . str_repeat( 'a', 40 ), 'cs_' . str_repeat( 'b', 40 ) );
		$this->assertSame( 'palompy_keys_rejected', $keys->get_error_code() );
		$this->assertSame( 'consumerKey', $keys->get_error_data()['field'] );

		$deleted = $api->delete_shop();
		$this->assertTrue( $deleted['deleted'] );
		$gone = $api->status();
		$this->assertSame( 'palompy_unauthorized', $gone->get_error_code() );
		$this->assertSame( 401, $gone->get_error_data()['status'] );
	}
}
