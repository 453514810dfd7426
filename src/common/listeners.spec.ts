import { Listeners } from './listeners';

describe('Listeners', () => {
  it('tells every listener, in the order they were added', () => {
    const errors: unknown[] = [];
    const listeners = new Listeners<number>((error) => errors.push(error));
    const heard: string[] = [];
    listeners.add((n) => heard.push(`a${n}`));
    listeners.add((n) => heard.push(`b${n}`));
    listeners.emit(1);
    listeners.emit(2);
    expect(heard).toEqual(['a1', 'b1', 'a2', 'b2']);
    expect(errors).toEqual([]);
  });

  it('reports a listener that throws and still tells the others, without throwing to the emitter', () => {
    const errors: unknown[] = [];
    const listeners = new Listeners<string>((error) => errors.push(error));
    const heard: string[] = [];
    const broken = new Error('broken observer');
    listeners.add(() => {
      throw broken;
    });
    listeners.add((event) => heard.push(event));
    expect(() => listeners.emit('done')).not.toThrow();
    expect(heard).toEqual(['done']);
    expect(errors).toEqual([broken]);
  });
});
