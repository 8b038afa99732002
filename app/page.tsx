export default function Home() {
  return <main>TaskRouter Wallboard</main>;
}
