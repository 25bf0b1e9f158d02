<?php
/** The plugin as files: valid PHP, WordPress.org headers and layout, translations that load. */
final class PluginFilesTest extends Palompy_Test_Case {
	public function php_files() {
		$files = new RecursiveIteratorIterator( new RecursiveDirectoryIterator( getenv( 'PALOMPY_PLUGIN_DIR' ), FilesystemIterator::SKIP_DOTS ) );
		$out   = array();
		foreach ( $files as $file ) {
			if ( 'php' === $file->getExtension() ) {
				$out[ substr( $file->getPathname(), strlen( getenv( 'PALOMPY_PLUGIN_DIR' ) ) + 1 ) ] = array( $file->getPathname() );
			}
		}
		ksort( $out );
		return $out;
	}

	/** @dataProvider php_files */
	public function test_php_lint( $file ) {
		exec( 'php -l ' . escapeshellarg( $file ) . ' 2>&1', $output, $code );
		$this->assertSame( 0, $code, implode( "\n", $output ) );
	}

	public function test_every_plugin_file_refuses_direct_access() {
		foreach ( $this->php_files() as $name => $file ) {
			$head = file_get_contents( $file[0], false, null, 0, 2000 );
			$this->assertMatchesRegularExpression( "/defined\( '(ABSPATH|WP_UNINSTALL_PLUGIN)' \) \|\| exit;/", $head, $name );
		}
	}

	public function test_plugin_headers() {
		$main = getenv( 'PALOMPY_PLUGIN_DIR' ) . '/palompy.php';
		$data = get_plugin_data( $main, false, false );
		$this->assertStringStartsWith( 'Palompy', $data['Name'] );
		$this->assertSame( PALOMPY_VERSION, $data['Version'] );
		$this->assertSame( '6.1', $data['RequiresWP'] );
		$this->assertSame( '7.4', $data['RequiresPHP'] );
		$this->assertSame( 'palompy', $data['TextDomain'] );
		$this->assertSame( '/languages', $data['DomainPath'] );
		$wc = get_file_data( $main, array( 'min' => 'WC requires at least', 'tested' => 'WC tested up to', 'license' => 'License' ) );
		$this->assertSame( array( 'min' => '7.8', 'tested' => '9.9', 'license' => 'GPL-2.0-or-later' ), $wc );
	}

	public function test_readme_txt_is_in_wordpress_org_format() {
		$readme = file_get_contents( getenv( 'PALOMPY_PLUGIN_DIR' ) . '/readme.txt' );
		$this->assertMatchesRegularExpression( '/^=== Palompy .* ===$/m', $readme );
		foreach ( array( 'Contributors', 'Tags', 'Requires at least', 'Tested up to', 'Requires PHP', 'Stable tag', 'License' ) as $field ) {
			$this->assertMatchesRegularExpression( '/^' . $field . ': \S/m', $readme, $field );
		}
		$this->assertMatchesRegularExpression( '/^Stable tag: ' . preg_quote( PALOMPY_VERSION, '/' ) . '$/m', $readme );
		foreach ( array( 'Description', 'Installation', 'Frequently Asked Questions', 'Changelog' ) as $section ) {
			$this->assertStringContainsString( "== $section ==", $readme );
		}
	}

	/** The committed .pot lists exactly the strings the code translates (regenerated with xgettext). */
	public function test_pot_is_up_to_date() {
		$dir = getenv( 'PALOMPY_PLUGIN_DIR' );
		$tmp = tempnam( sys_get_temp_dir(), 'palompy-pot' );
		exec( 'sh ' . escapeshellarg( dirname( __DIR__, 3 ) . '/scripts/wordpress-i18n.sh' ) . ' --pot-only ' . escapeshellarg( $tmp ) . ' 2>&1', $output, $code );
		$this->assertSame( 0, $code, implode( "\n", $output ) );
		$this->assertSame( $this->msgids( $tmp ), $this->msgids( "$dir/languages/palompy.pot" ) );
		unlink( $tmp );
	}

	public function test_russian_translation_is_complete_and_loads() {
		$dir = getenv( 'PALOMPY_PLUGIN_DIR' ) . '/languages';
		exec( 'msgfmt --check --statistics -o /dev/null ' . escapeshellarg( "$dir/palompy-ru_RU.po" ) . ' 2>&1', $output, $code );
		$this->assertSame( 0, $code, implode( "\n", $output ) );
		$this->assertMatchesRegularExpression( '/^\d+ translated messages\.$/', trim( implode( ' ', $output ) ), 'untranslated or fuzzy entries' );
		$this->assertSame( count( $this->msgids( "$dir/palompy.pot" ) ), (int) $output[0] );

		$this->assertTrue( load_textdomain( 'palompy', "$dir/palompy-ru_RU.mo" ) );
		$this->assertSame( 'Подключить', __( 'Connect', 'palompy' ) );
		$this->assertSame( 'Синхронизировать сейчас', __( 'Resync now', 'palompy' ) );
		unload_textdomain( 'palompy' );
		$this->assertSame( 'Connect', __( 'Connect', 'palompy' ) );
	}

	private function msgids( $file ) {
		preg_match_all( '/^msgid "(.+)"$/m', (string) file_get_contents( $file ), $m );
		$ids = $m[1];
		sort( $ids );
		return $ids;
	}
}
