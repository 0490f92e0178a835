// A deploy rehearsal: loads the built module the way production would.
const { sum } = await import('../dist/sum.js');
if (sum(2, 3) !== 5) throw new Error('smoke test failed');
console.log('smoke test passed');
