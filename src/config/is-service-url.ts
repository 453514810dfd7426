import { ValidatorConstraint, ValidatorConstraintInterface, ValidationArguments } from 'class-validator';

/**
 * A URL of one of the given schemes (constraints[0]) that parses, with a host. Checked here so that a
 * malformed one is refused with the setting's name only: the drivers' own parse errors carry the text,
 * password and all.
 */
@ValidatorConstraint({ name: 'isServiceUrl' })
export class IsServiceUrl implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    if (typeof value !== 'string') return false;
    const schemes: string[] = args.constraints[0];
    try {
      const url = new URL(value);
      return schemes.includes(url.protocol.slice(0, -1)) && url.hostname !== '';
    } catch {
      return false;
    }
  }

  defaultMessage(args: ValidationArguments): string {
    const schemes: string[] = args.constraints[0];
    return `${args.property} must be a ${schemes.map((s) => `${s}://`).join(' or ')} URL with a host`;
  }
}
