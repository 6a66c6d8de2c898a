"""LSTM autoencoders for time-series anomaly detection in the style of the popular "LSTM Autoencoder" tutorials and notebooks: a two-LSTM encoder (n_features -> 2 * embedding_dim -> embedding_dim) whose last hidden state h_n[-1] is the code, a decoder that repeats the code over time with unsqueeze(1).repeat(1, seq_len, 1), two LSTMs back up and a Linear output layer applied per time step. A second GRU variant expands the code with expand(-1, T, -1) using the input's own length and returns (reconstruction, code)."""
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, seq_len, n_features, embedding_dim=64):
        super(Encoder, self).__init__()
        self.seq_len, self.n_features = seq_len, n_features
        self.embedding_dim, self.hidden_dim = embedding_dim, 2 * embedding_dim
        self.rnn1 = nn.LSTM(input_size=n_features, hidden_size=self.hidden_dim, num_layers=1, batch_first=True)
        self.rnn2 = nn.LSTM(input_size=self.hidden_dim, hidden_size=embedding_dim, num_layers=1, batch_first=True)

    def forward(self, x):
        x, (_, _) = self.rnn1(x)
        x, (hidden_n, _) = self.rnn2(x)
        return hidden_n[-1]  # (batch, embedding_dim)


class Decoder(nn.Module):
    def __init__(self, seq_len, input_dim=64, n_features=1):
        super(Decoder, self).__init__()
        self.seq_len, self.input_dim = seq_len, input_dim
        self.hidden_dim, self.n_features = 2 * input_dim, n_features
        self.rnn1 = nn.LSTM(input_size=input_dim, hidden_size=input_dim, num_layers=1, batch_first=True)
        self.rnn2 = nn.LSTM(input_size=input_dim, hidden_size=self.hidden_dim, num_layers=1, batch_first=True)
        self.output_layer = nn.Linear(self.hidden_dim, n_features)

    def forward(self, x):
        x = x.unsqueeze(1).repeat(1, self.seq_len, 1)  # (batch, seq_len, input_dim)
        x, (hidden_n, cell_n) = self.rnn1(x)
        x, (hidden_n, cell_n) = self.rnn2(x)
        return self.output_layer(x)


# shapelint: input=(2, 140, 1)
class RecurrentAutoencoder(nn.Module):
    def __init__(self, seq_len=140, n_features=1, embedding_dim=64):
        super(RecurrentAutoencoder, self).__init__()
        self.encoder = Encoder(seq_len, n_features, embedding_dim)
        self.decoder = Decoder(seq_len, embedding_dim, n_features)

    def forward(self, x):
        x = self.encoder(x)
        x = self.decoder(x)
        return x


# shapelint: input=(2, 50, 6)
class GRUSeqAutoencoder(nn.Module):
    def __init__(self, n_features=6, hidden_size=32, latent_dim=8, num_layers=2):
        super().__init__()
        self.enc = nn.GRU(n_features, hidden_size, num_layers=num_layers, batch_first=True)
        self.to_latent = nn.Linear(hidden_size, latent_dim)
        self.from_latent = nn.Linear(latent_dim, hidden_size)
        self.dec = nn.GRU(hidden_size, hidden_size, num_layers=num_layers, batch_first=True)
        self.head = nn.Linear(hidden_size, n_features)

    def forward(self, x):
        T = x.size(1)
        _, h = self.enc(x)                      # (num_layers, B, H)
        z = self.to_latent(h[-1])               # (B, latent)
        d = self.from_latent(z).unsqueeze(1).expand(-1, T, -1)
        out, _ = self.dec(d)
        return self.head(out), z
