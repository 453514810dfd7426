import { cardNumberFor } from './card-number';
import type { Principal } from './principal';

const reader: Principal = { kind: 'api-key', scopes: new Set(['read:finance']) };
const cards: Principal = { kind: 'api-key', scopes: new Set(['read:finance', 'read:cards']) };

describe('cardNumberFor', () => {
  it.each([
    ['4111-1111-1111-4242', '****-****-****-4242'],
    ['4111111111114242', '************4242'],
    ['3782 822463 10005', '**** ****** *0005'],
    ['1234', '****'],
    ['', ''],
  ])('masks %p as %p without read:cards', (number, masked) => {
    expect(cardNumberFor(reader, number)).toBe(masked);
  });

  it('shows the number whole with read:cards, and masks when there is no principal at all', () => {
    expect(cardNumberFor(cards, '4111-1111-1111-4242')).toBe('4111-1111-1111-4242');
    expect(cardNumberFor(undefined, '4111-1111-1111-4242')).toBe('****-****-****-4242');
    expect(cardNumberFor(reader, null)).toBeNull();
  });
});
