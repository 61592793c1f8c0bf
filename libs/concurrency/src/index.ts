export * from './keyed-serializer';
export * from './map-concurrently';
