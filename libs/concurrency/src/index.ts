export * from './keyed-serializer';
