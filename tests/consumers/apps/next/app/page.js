import Check from './Check';

export default function Page() {
  return <main><Check /></main>;
}
