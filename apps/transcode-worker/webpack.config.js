const {
  nestAppWebpackConfig,
} = require('../../tools/lib/nest-app-webpack.cjs');

module.exports = nestAppWebpackConfig(__dirname);
