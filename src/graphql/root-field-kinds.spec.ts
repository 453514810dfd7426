import { servedSchema } from '../../test/helpers/served-schema';
import { ROOT_FIELD_KINDS } from './root-field-kinds';

describe('ROOT_FIELD_KINDS', () => {
  it('gives every root field of the served schema a kind, and names no field the schema lacks', () => {
    const served = [servedSchema.getQueryType(), servedSchema.getMutationType(), servedSchema.getSubscriptionType()].flatMap((type) =>
      type ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : [],
    );
    expect(served.length).toBeGreaterThan(10);
    expect(Object.keys(ROOT_FIELD_KINDS).sort()).toEqual(served.sort());
  });
});
