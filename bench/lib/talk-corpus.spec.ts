import { talkCorpus } from './talk-corpus';

describe('talk corpus', () => {
  it('is the same for the same seed and different for another', () => {
    expect(talkCorpus(50)).toEqual(talkCorpus(50));
    expect(talkCorpus(50, 1)).not.toEqual(talkCorpus(50));
  });

  it('varies lengths from bare titles to abstracts longer than the model window', () => {
    const words = talkCorpus(512).map((text) => text.split(' ').length);
    expect(Math.min(...words)).toBeLessThan(8); // a bare title
    expect(Math.max(...words)).toBeGreaterThan(250); // truncated at 256 word pieces
    expect(new Set(words).size).toBeGreaterThan(50);
  });
});
