<?php
/**
 * Plugin Name:          Palompy — AI shopping assistant
 * Plugin URI:           https://github.com/palompy/palompy
 * Description:          Adds the Palompy assistant to your store: it answers shoppers from your catalog, FAQ and policies, captures leads and keeps its knowledge in sync with WooCommerce.
 * Version:              0.1.0
 * Requires at least:    6.1
 * Requires PHP:         7.4
 * Author:               Palompy
 * License:              GPL-2.0-or-later
 * License URI:          https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:          palompy
 * Domain Path:          /languages
 * WC requires at least: 7.8
 * WC tested up to:      9.9
 *
 * @package Palompy
 */

defined( 'ABSPATH' ) || exit;

define( 'PALOMPY_VERSION', '0.1.0' );
define( 'PALOMPY_PLUGIN_FILE', __FILE__ );

require_once __DIR__ . '/includes/class-palompy-settings.php';
require_once __DIR__ . '/includes/class-palompy-api.php';
require_once __DIR__ . '/includes/class-palompy-store.php';
require_once __DIR__ . '/includes/class-palompy-admin.php';
require_once __DIR__ . '/includes/class-palompy-storefront.php';
require_once __DIR__ . '/includes/class-palompy-orders.php';
require_once __DIR__ . '/includes/class-palompy-plugin.php';

register_activation_hook( __FILE__, array( 'Palompy_Plugin', 'activate' ) );
Palompy_Plugin::boot();
