// The webpack configuration every Nest app builds with (apps/*/webpack.config.js): a Node bundle
// of src/main.ts compiled by tsc into dist/apps/<app>, with its assets and a generated
// package.json. `assets` adds app-specific files (hls.js for the player, the Prisma engine).
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { basename, join } = require('path');

/**
 * @param {string} appDir the app's folder (its webpack.config.js passes __dirname)
 * @param {{ assets?: NonNullable<import('@nx/webpack/app-plugin').NxAppWebpackPluginOptions['assets']> }} [options]
 */
function nestAppWebpackConfig(appDir, { assets = [] } = {}) {
  return {
    output: {
      path: join(appDir, '../../dist/apps', basename(appDir)),
      ...(process.env.NODE_ENV !== 'production' && {
        devtoolModuleFilenameTemplate: '[absolute-resource-path]',
      }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        assets: ['./src/assets', ...assets],
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: true,
        // Source maps: the plugin's default (`sourceMap`: on unless NODE_ENV=production). The
        // `sourceMaps: true` that stood here was no option of the plugin and never had an effect.
      }),
    ],
  };
}

module.exports = { nestAppWebpackConfig };
