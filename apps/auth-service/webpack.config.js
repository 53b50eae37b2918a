const {
  nestAppWebpackConfig,
} = require('../../tools/lib/nest-app-webpack.cjs');

module.exports = nestAppWebpackConfig(__dirname, {
  // The bundled Prisma client loads its query compiler and schema from beside main.js.
  assets: [
    {
      input: './src/infra/prisma/generated',
      glob: '{query_compiler_bg.wasm,schema.prisma}',
      output: '.',
    },
  ],
});
