const {
  nestAppWebpackConfig,
} = require('../../tools/lib/nest-app-webpack.cjs');

module.exports = nestAppWebpackConfig(__dirname, {
  // hls.js for the player page, served by the app itself (no CDN): the pinned npm copy.
  assets: [
    {
      input: '../../node_modules/hls.js/dist',
      glob: 'hls.min.js',
      output: 'assets',
    },
  ],
});
