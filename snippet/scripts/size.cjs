// Size of the core entry, bundled and minified the way an app bundler would, then gzipped.
const es = require('esbuild');
const z = require('zlib');
es.build({ entryPoints: [process.argv[2] || 'src/index.ts'], bundle: true, minify: true, format: 'esm', write: false, target: 'es2020', metafile: true })
  .then((r) => {
    const t = r.outputFiles[0].contents;
    console.log('min', t.length, 'gz', z.gzipSync(t, { level: 9 }).length);
    if (process.env.V) for (const [k, v] of Object.entries(Object.values(r.metafile.outputs)[0].inputs)) console.log(k, v.bytesInOutput);
    if (process.env.V) console.log(r.outputFiles[0].text);
  });
